"""Reading and writing Pabulib files, and the clear errors for broken ones."""

from fractions import Fraction

import pytest

from medborgarbudget.tally import pabulib

GOOD = (
    "\ufeffMETA\r\nkey;value\r\ndescription;Kraków test\r\nnum_projects;3\r\nnum_votes;4\r\n"
    "budget;2458488.22\r\nvote_type;approval\r\n"
    "PROJECTS\r\nproject_id;cost;name\r\n"
    'A;1000000.5;"Park; with a semicolon"\r\nB;1458488.22;Bibliotek\r\nC;0;Gratis\r\n'
    "VOTES\r\nvoter_id;vote;age\r\n1;A,B;30\r\n2;B;41\r\n3;;19\r\n4;C,A;77\r\n"
)


def test_reads_bom_crlf_quotes_and_exact_decimals():
    e = pabulib.loads(GOOD)
    assert e.budget == Fraction("2458488.22")
    assert e.projects["A"].cost == Fraction(2000001, 2)
    assert e.projects["A"].name == "Park; with a semicolon"
    assert e.projects["C"].cost == 0
    assert e.ballots == [("A", "B"), ("B",), (), ("C", "A")]
    assert e.num_voters == 4  # the empty ballot counts as a voter
    assert e.voter_extra[3] == {"age": "77"}
    assert e.meta["description"] == "Kraków test"


def test_write_and_read_back(tmp_path):
    e = pabulib.loads(GOOD)
    pabulib.write(e, tmp_path / "again.pb")
    again = pabulib.read(tmp_path / "again.pb")
    assert again.budget == e.budget and again.ballots == e.ballots
    assert {p: x.cost for p, x in again.projects.items()} == {
        p: x.cost for p, x in e.projects.items()}
    assert "2458488.22" in pabulib.dumps(e)


def test_points_and_ordinal():
    text = ("META\nkey;value\nbudget;100\nvote_type;cumulative\nPROJECTS\nproject_id;cost\n"
            "A;50\nB;60\nVOTES\nvoter_id;vote;points\n1;A,B;3,2\n2;B;5\n")
    e = pabulib.loads(text)
    assert e.points == [(3, 2), (5,)]
    assert pabulib.loads(pabulib.dumps(e)).points == e.points


@pytest.mark.parametrize("text, message, line", [
    (GOOD.replace("VOTES\r\n", "VOTERS\r\n"), "no VOTES section", None),
    (GOOD.replace("2;B;41", "2;D;41"), "unknown project 'D'", 16),
    (GOOD.replace("B;1458488.22", "B;1.458.488"), "not a number", 11),
    (GOOD.replace("C;0;Gratis", "A;0;Gratis"), "duplicate project id 'A'", 12),
    (GOOD.replace("num_votes;4", "num_votes;5"), "num_votes is 5 but the file has 4", 1),
    (GOOD.replace("budget;2458488.22", "budget;lots"), "budget is not a number", 1),
    (GOOD.replace("3;;19", "1;;19"), "duplicate voter id '1'", 17),
    (GOOD.replace("vote_type;approval", "vote_type;ranked"), "unknown vote_type", 1),
    (GOOD.replace("2;B;41", "2;B,B;41"), "twice in one vote", 16),
    (GOOD.replace("2;B;41", "2;B"), "expected 3 fields, found 2", 16),
    ("PROJECTS\nproject_id;cost\n", "the file has no META section", None),
    ("budget;100\n", "must start with a META section", 1),
])
def test_errors_name_the_line(text, message, line):
    with pytest.raises(pabulib.PabulibError) as error:
        pabulib.loads(text)
    assert message in str(error.value)
    assert error.value.line == line
    if line:
        assert str(error.value).startswith(f"line {line}:")


def test_unreadable_file(tmp_path):
    path = tmp_path / "x.pb"
    path.write_bytes(b"META\nkey;value\nbudget;\xff\xfe\n")
    with pytest.raises(pabulib.PabulibError, match="not UTF-8"):
        pabulib.read(path)
    with pytest.raises(pabulib.PabulibError, match="cannot read"):
        pabulib.read(tmp_path / "missing.pb")
