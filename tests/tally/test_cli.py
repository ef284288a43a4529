"""`medborgarbudget tally`: needs no configuration; exit 2 with one line on bad input."""

import json
import os
import subprocess
import sys
from pathlib import Path

from medborgarbudget.app import ROOT

COMMAND = Path(sys.executable).parent / "medborgarbudget"
ASSEN = ROOT.parent / "shared" / "pabulib" / "Netherlands_Assen_2024.pb"


def tally(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    # no instance folder, no secret key, no database: the command must not need them
    env = {k: v for k, v in os.environ.items() if not k.startswith("MEDBORGARBUDGET")}
    env["MEDBORGARBUDGET_INSTANCE"] = str(cwd / "no-instance")
    return subprocess.run([str(COMMAND), "tally", *args], capture_output=True, text=True,
                          cwd=cwd, env=env, timeout=120)


def test_json_output(tmp_path):
    result = tally(str(ASSEN), "--rule", "mes", "--completion", "add1", "--tie-break",
                   "pabutools", "--json", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    out = json.loads(result.stdout)
    assert out["selected"] == ["3", "9", "11", "2", "13", "14", "5", "6", "12"]
    assert out["total_cost"] == "76700" and out["rule"] == "mes-add1"
    assert out["ties"] == [{"step": 2, "projects": ["11", "2"], "winner": "11",
                            "broken_by": "lexicographic"}]
    assert not (tmp_path / "no-instance").exists()


def test_readable_output(tmp_path):
    result = tally(str(ASSEN), cwd=tmp_path)
    assert result.returncode == 0
    assert "total cost: 99200" in result.stdout and "PopUp Podium" in result.stdout


def test_bad_input_exits_2_with_one_line(tmp_path):
    broken = tmp_path / "broken.pb"
    broken.write_text("META\nkey;value\nbudget;100\nPROJECTS\nproject_id;cost\nA;x\n"
                      "VOTES\nvoter_id;vote\n1;A\n")
    for args in ([str(broken)], [str(tmp_path / "missing.pb")], [str(ASSEN), "--rule", "dice"],
                 [str(ASSEN), "--points", "3,two"], [str(ASSEN), "--points", "3,2,1"],
                 [str(ASSEN), "--workers", "0"], [str(ASSEN), "--workers", "two"]):
        result = tally(*args, cwd=tmp_path)
        assert result.returncode == 2, args
        assert result.stdout == "" and len(result.stderr.strip().splitlines()) == 1, args
    assert "line 6: the cost of project A is not a number" in tally(str(broken),
                                                                   cwd=tmp_path).stderr
