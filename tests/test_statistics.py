"""Who took part (issue 6, item 4): turnout by district, age band, legal gender and channel,
compared with the roll, with every group smaller than five suppressed wherever it is shown."""

import csv
import io
from datetime import timedelta

import pytest
import sqlalchemy as sa
from conftest import valid
from hypothesis import given, settings
from hypothesis import strategies as st

from medborgarbudget.extensions import db
from medborgarbudget.models import Gender, GenderCount
from medborgarbudget.personnummer import parse
from medborgarbudget.services import rounds as round_service
from medborgarbudget.services import statistics
from medborgarbudget.services import voting as voting_service
from medborgarbudget.services.roll import import_roll


def person(born: str, n: int, female: bool) -> str:
    """A made-up personnummer: the ninth digit is even for women."""
    return valid(f"{born}-{n:02d}{2 if female else 1}0")


WOMEN = [person("19900101", n, True) for n in range(12)]
MEN = [person("19900101", n, False) for n in range(12)]
TEENS = [person("20100101", n, True) for n in range(3)]        # 16-17 when voting closes
CHILDREN = [person("20150101", n, False) for n in range(2)]    # too young: not counted
OLD = [person("19600101", n, False) for n in range(20, 26)]
SJOBO = ([person("19600101", n, False) for n in range(6)]
         + [person("19900101", n, True) for n in range(20, 26)])


@pytest.fixture
def voted(make_round, open_voting, officer):
    """Norrby: 8 of 12 women (one changes her ballot), 6 of 12 men (3 on paper) and one man
    with a code, 2 of 3 teenagers, 2 of 6 older men; Sjöbo: 5 of 6 older men, 5 of 6 women.
    Everyone must be 16."""
    rnd = make_round(min_voting_age=16)
    roll = "personnummer;district\n" + "".join(
        f"{n};Norrby\n" for n in WOMEN + MEN + TEENS + CHILDREN + OLD) + "".join(
        f"{n};Sjöbo\n" for n in SJOBO)
    import_roll(rnd, roll, officer)
    open_voting(rnd)
    project = {d.name: voting_service.ballot_projects(d)[0].id for d in rnd.districts}
    norrby = next(d for d in rnd.districts if d.name == "Norrby")

    def vote(number, district="Norrby", how="eid"):
        who = parse(number)
        if how == "paper":
            voter = voting_service.voter_on_paper(rnd, who)
        elif how == "code":
            _batch, (code,) = voting_service.create_codes(rnd, norrby, 1, officer)
            voter = voting_service.voter_by_code(rnd, code, who)
        else:
            voter = voting_service.voter_by_eid(rnd, who)
        voting_service.cast_ballot(voter, [project[district]])
        db.session.commit()

    for number in WOMEN[:8] + MEN[:3] + TEENS[:2] + OLD[:2]:
        vote(number)
    vote(WOMEN[0])  # a changed ballot is the same person
    vote(WOMEN[0])
    for number in MEN[3:6]:
        vote(number, how="paper")
    vote(MEN[6], how="code")
    for number in SJOBO[:5] + SJOBO[6:11]:
        vote(number, "Sjöbo")
    return rnd


def figures(area, dim):
    return {g.key: (g.shown_roll, g.shown_part) for g in area.groups[dim]}


def test_gender_is_counted_from_the_personnummer_once_per_person(voted):
    counts = {(c.district_id, c.gender): (c.on_roll, c.took_part)
              for c in db.session.scalars(sa.select(GenderCount))}
    norrby, sjobo = (next(d.id for d in voted.districts if d.name == name)
                     for name in ("Norrby", "Sjöbo"))
    assert counts[norrby, Gender.FEMALE] == (15, 10)   # 12 women + 3 teenagers; 8 + 2 voted
    assert counts[norrby, Gender.MALE] == (18, 9)      # the two children may not vote
    assert counts[sjobo, Gender.MALE] == (6, 5)
    assert counts[sjobo, Gender.FEMALE] == (6, 5)


def test_turnout_by_district_age_gender_and_channel(voted):
    result = statistics.turnout(voted)
    whole, *districts = result.areas
    norrby = next(a for a in districts if a.district.name == "Norrby")
    sjobo = next(a for a in districts if a.district.name == "Sjöbo")
    assert (whole.total.on_roll, whole.total.took_part) == (45, 29)
    assert (norrby.total.on_roll, norrby.total.took_part) == (33, 19)
    assert norrby.total.turnout == pytest.approx(19 / 33)
    assert figures(norrby, "gender") == {"gender:female": (15, 10), "gender:male": (18, 9)}
    assert figures(sjobo, "gender") == {"gender:female": (6, 5), "gender:male": (6, 5)}
    assert figures(whole, "gender") == {"gender:female": (21, 15), "gender:male": (24, 14)}
    # three on paper and one with a code: both too small to show; none in Sjöbo
    assert figures(norrby, "channel") == {"channel:eid": (None, 15), "channel:code": (None, None),
                                          "channel:paper": (None, None)}
    assert figures(sjobo, "channel") == {"channel:eid": (None, 10), "channel:code": (None, 0),
                                         "channel:paper": (None, 0)}
    ages = figures(norrby, "age")
    assert ages["age:35"] == (24, 15)          # born 1990
    assert ages["age:16"] == (None, None)      # three teenagers, two voted: too few
    assert ages["age:18"] == (0, 0)            # a group of nobody is shown
    # 6 older men, 2 voted: the 2 is too few; the 6 would give away Norrby's 3 teenagers
    # (33 - 24 - 6), or the round's (45 - 30 - 12): hidden in the round and here
    assert ages["age:65"] == (None, None)
    assert figures(whole, "age")["age:65"] == (None, None)
    assert figures(sjobo, "age")["age:65"] == (6, 5)
    assert result.genders_stale is False and result.genders_missing is False


def test_under_represented_groups_stand_out(voted):
    whole = statistics.turnout(voted).areas[0]
    men = next(g for g in whole.groups["gender"] if g.key == "gender:male")
    women = next(g for g in whole.groups["gender"] if g.key == "gender:female")
    assert women.ratio == pytest.approx((15 / 29) / (21 / 45))
    assert not women.under and not men.under
    assert statistics.Group("x", 50, 5, share_of_part=0.1, share_of_roll=0.5).under


@pytest.mark.parametrize("values, hidden_before, hidden", [
    # the first figure is the total of the rest
    ([42, 10, 12, 20], [], []),
    ([35, 3, 12, 20], [], [1, 2]),        # 3 = 35 - 12 - 20: hide 12 too
    ([27, 3, 4, 20], [], [1, 2]),         # two hidden: neither can be worked out
    ([32, 0, 12, 20], [], []),            # a group of nobody identifies nobody
    ([23, 3, 20, 0], [], [1, 2]),         # the zero does not hide anything
    ([6, 6, 0], [1], [0, 1]),             # 6 = 6 - 0 and nothing else to hide: the total
    ([42, 10, 12, 20], [0], [0, 1]),      # a hidden total needs a hidden part
    ([3, 1, 2], [], [0, 1, 2]),           # a small whole: nothing of it is shown
    ([15, None, 12, 3], [], [2, 3]),      # None: no such figure
])
def test_suppress_one_line(values, hidden_before, hidden):
    flags = [i in hidden_before for i in range(len(values))]
    statistics.suppress(values, flags)
    assert [i for i, h in enumerate(flags) if h] == hidden


def lines_of(areas, dim, attr="on_roll"):
    """Every line of a table as (figures, shown?): each area against its total, and each
    column (a group, or the totals) of the districts against the whole round's."""
    rows = [[a.total] + a.groups[dim] for a in areas]
    yield from rows
    yield from ([row[c] for row in rows] for c in range(len(rows[0])))


def assert_nothing_small_can_be_worked_out(areas, dim):
    for line in lines_of(areas, dim):
        total, parts = line[0], [g for g in line[1:] if g.on_roll]
        assert all(g.shown_roll is None for g in line if statistics.small(g.on_roll))
        hidden = sum(1 for g in parts if g.shown_roll is None)
        if total.shown_roll is not None:
            assert hidden != 1, [g.on_roll for g in line]   # total minus the rest
        elif parts:
            assert hidden >= 1, [g.on_roll for g in line]   # the sum of the shown


def table(rows):
    """Areas from rows of figures: the first row the whole round's, as the sum of the rest."""
    whole = [sum(col) for col in zip(*rows)]
    return [statistics.Area(name, statistics.Group("all", sum(figures), 0),
                            {"age": [statistics.Group(f"age:{i}", n, 0)
                                     for i, n in enumerate(figures)]})
            for name, figures in [(None, whole)] + [(f"D{i}", r) for i, r in enumerate(rows)]]


def test_a_hidden_district_figure_cannot_be_worked_out_from_the_column(app):
    """Three districts, two age bands: A's 3 is hidden; with the round's 30 shown, B's 12
    would give it away (30 - 12 - 15), and so on: the rule hides until nothing can."""
    areas = table([[3, 97], [12, 88], [15, 85]])
    statistics.suppress_table(areas, "age", "roll")
    assert areas[1].groups["age"][0].shown_roll is None
    assert areas[0].groups["age"][0].shown_roll == 30
    assert areas[0].total.shown_roll == 300
    assert_nothing_small_can_be_worked_out(areas, "age")


@settings(max_examples=200, deadline=None)
@given(st.integers(1, 4).flatmap(lambda width: st.lists(
    st.lists(st.integers(0, 30), min_size=width, max_size=width), min_size=1, max_size=5)))
def test_no_small_group_can_be_worked_out_of_any_table(rows):
    areas = table(rows)
    statistics.suppress_table(areas, "age", "roll")
    assert_nothing_small_can_be_worked_out(areas, "age")


def counts_in(csv_text):
    rows = list(csv.DictReader(io.StringIO(csv_text.lstrip("\ufeff")), delimiter=";"))
    return rows, [int(row[col]) for row in rows for col in ("i_rostlangden", "deltog")
                  if row[col] not in ("", "..")]


def test_nothing_published_shows_a_group_smaller_than_five(voted, officer, client):
    round_service.advance_phase(voted, officer)  # voting closes
    db.session.commit()
    r = client.get(f"/omgangar/{voted.id}/deltagande.csv")
    assert r.status_code == 200 and r.mimetype == "text/csv"
    rows, counts = counts_in(r.get_data(as_text=True))
    assert counts and not [n for n in counts if 0 < n < statistics.SMALLEST]
    assert {"Hela omgången", "Norrby", "Sjöbo"} <= {row["omrade"] for row in rows}
    assert ".." in {row["deltog"] for row in rows}
    page = client.get(f"/omgangar/{voted.id}/deltagande")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "Dold: för liten grupp" in html and "<svg" in html and "<table" in html
    # the same figures in the chart's table as in the CSV
    assert ">15<" in html and ">10<" in html


def test_public_after_voting_closes_staff_while_it_is_open(voted, officer, client, auth):
    url = f"/omgangar/{voted.id}/deltagande"
    assert client.get(url).status_code == 404
    assert client.get(url + ".csv").status_code == 404
    auth.login(officer)
    page = client.get(url)
    assert page.status_code == 200 and "Röstningen pågår" in page.get_data(as_text=True)


def test_the_roll_by_gender_is_marked_when_the_dates_change(make_round, officer):
    rnd = make_round(min_voting_age=16)
    import_roll(rnd, "personnummer;district\n" + "".join(f"{n};Norrby\n" for n in WOMEN), officer)
    assert statistics.turnout(rnd).genders_stale is False
    round_service.update_round(rnd, officer, min_voting_age=18,
                               voting_close=rnd.voting_close + timedelta(days=1))
    assert statistics.turnout(rnd).genders_stale is True


def test_gender_is_kept_only_as_counts(app):
    """No table but gender_count has a column for gender."""
    for table in db.metadata.tables.values():
        if table.name != "gender_count":
            assert not {"gender", "sex", "kon"} & set(table.c.keys()), table.name

