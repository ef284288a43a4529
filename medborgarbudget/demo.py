"""Demo data: three rounds in Borås, in the voting, proposal and finished phases.

Seeding goes through the same services as the web app, so the demo's history and audit log
are what real use would leave. Running it twice adds nothing the second time.
"""

import json
import random
import secrets
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from flask import current_app

from .extensions import db
from .models import (
    BallotRule,
    Category,
    District,
    Influence,
    Phase,
    Proposal,
    QuestionKind,
    Role,
    Round,
    TallyRule,
    User,
)
from .personnummer import age_on, check_digit, parse
from .reports.signing import create_dev_keys
from .services import dialogue, evaluation
from .services import proposals as proposal_service
from .services import rounds as round_service
from .services import voting as voting_service
from .services.mail import Folder, send_due, transport
from .services.results import count_round, round_result, signed_pdf, signing_files
from .services.roll import import_roll
from .services.users import create_user, hash_password

#: the accounts the demo prints; their passwords are drawn at the first run
ACCOUNTS = [
    ("admin@demo.boras.example", "Alva Administratör", Role.ADMIN),
    ("handlaggare@demo.boras.example", "Omar Handläggare", Role.OFFICER),
    ("granskare@demo.boras.example", "Greta Granskare", Role.AUDITOR),
    ("invanare@demo.boras.example", "Ida Invånare", Role.RESIDENT),
]
#: residents who wrote the demo's proposals
AUTHORS = ["Amina Hassan", "Lars Johansson", "Sofia Nilsson", "Mehmet Yilmaz", "Eva Lindqvist",
           "Ali Mohammed", "Karin Andersson", "Nils Berg"]

C = Category
# (district, title, summary, description, author's cost, category, place, review)
# review: ("feasible", officer's cost) | ("not_feasible", reason) | ("hidden", reason)
#         | ("popular", cost) | ("unpopular", cost) | ("draft",) | ("submitted",)
#         | ("under_review",)
# popular and unpopular projects are feasible; in a round the demo takes past voting, its
# made-up residents choose the popular ones more often (and the count decides)
VOTING_ROUND: dict[str, Any] = {
    "name": "Medborgarbudget 2026: Norrby, Hässleholmen och Sjöbo",
    "purpose": (
        "Borås Stad avsätter 1,5 miljoner kronor som invånarna i Norrby, Hässleholmen och Sjöbo "
        "själva bestämmer över. Pengarna ska göra stadsdelarna tryggare, grönare och roligare "
        "att vistas i, för alla åldrar.\n\nAlla som bor i stadsdelarna och har fyllt 12 år "
        "kan rösta, på nätet med e-legitimation, med en röstkod från skolan eller biblioteket, "
        "eller på papper i Medborgarkontoret."),
    "influence": Influence.BINDING,
    "offsets": (-100, -60, -10, 14, 35),
    "min_voting_age": 12,
    "ballot_rule": BallotRule.KNAPSACK, "ballot_min_projects": 1, "ballot_max_projects": None,
    "approval_k": None,
    "tally_rule": TallyRule.GREEDY, "tally_options": {"threshold": 0, "no_skip": False},
    "target": Phase.VOTING,
    "districts": [("Norrby", 600_000), ("Hässleholmen", 500_000), ("Sjöbo", 400_000)],
    "proposals": [
        ("Norrby", "Utegym vid Norrby idrottsplats",
         "Ett utegym med räckhäck, dipsställning och balansbana som är öppet dygnet runt.",
         "Många i Norrby tränar redan på idrottsplatsen men det finns inga redskap. Ett utegym "
         "med enkla redskap gör det lätt att röra på sig utan att betala för gymkort.\n\n"
         "Redskapen ska passa både nybörjare och vana, och skyltar visar övningar med bilder.",
         350_000, C.PLAY_SPORT, "Norrby idrottsplats", ("feasible", 380_000)),
        ("Norrby", "Belysning på gångvägen till Norrby centrum",
         "Ny belysning längs den mörka gångvägen mellan Norrby centrum och Norrbyskolan.",
         "Gångvägen är helt mörk på vinterkvällar och många, särskilt äldre och unga, undviker "
         "den. Ljus på stolpar längs hela sträckan skulle göra vägen tryggare.",
         200_000, C.SAFETY, "Gångvägen vid Norrbyskolan", ("feasible", 240_000)),
        ("Norrby", "Odlingslotter för alla på Norrby",
         "Pallkragar och ett redskapsförråd där grannar kan odla grönsaker tillsammans.",
         "Vi vill bygga trettio pallkragar på gräsytan bakom tvättstugorna, med vatten och ett "
         "låst förråd för redskap. Odlingen blir en mötesplats för grannar som annars inte "
         "träffas.",
         90_000, C.NATURE, "Gräsytan vid Timmermansgatan", ("feasible", 110_000)),
        ("Norrby", "Läxhjälp och bokcafé i Norrby bibliotek",
         "Fikahörna och läxhjälp två kvällar i veckan i biblioteket.",
         "Biblioteket är en trygg plats men stänger tidigt. Med pengar till volontärers "
         "fika, möbler och böcker kan läxhjälpen hålla öppet två kvällar i veckan i ett år.",
         120_000, C.CULTURE, "Norrby bibliotek", ("feasible", 95_000)),
        ("Norrby", "Ny bilväg genom Norrbyparken",
         "En väg genom parken så att det går snabbare att köra till centrum.",
         "Det tar lång tid att köra runt parken. En väg rakt igenom skulle spara tid.",
         550_000, C.TRAFFIC, "Norrbyparken",
         ("not_feasible", "En ny bilväg genom parken strider mot detaljplanen och kan inte "
          "byggas inom en medborgarbudget. Kostnaden skulle också bli mycket högre än "
          "budgeten.")),
        ("Hässleholmen", "Konstgräsplan för spontanfotboll",
         "Byt den slitna grusplanen mot en mindre konstgräsplan med nät och sarg.",
         "Grusplanen vid Hässlehuset används varje dag men blir lerig och farlig. En "
         "konstgräsplan kan användas hela året och av alla åldrar.",
         450_000, C.PLAY_SPORT, "Grusplanen vid Hässlehuset", ("feasible", 480_000)),
        ("Hässleholmen", "Sommarbio i Hässleholmen",
         "Sex kvällar med gratis utomhusbio och filmer på flera språk.",
         "Vi vill visa film på stor duk på torget sex kvällar under sommarlovet, med filmer "
         "textade på svenska, arabiska och somaliska och popcorn till alla barn.",
         60_000, C.CULTURE, "Hässleholmens torg", ("feasible", 75_000)),
        ("Hässleholmen", "Bänkar och skugga vid lekplatsen",
         "Fler bänkar och träd som ger skugga vid lekplatsen vid Hässlehuset.",
         "Föräldrar och äldre har ingenstans att sitta i skugga när barnen leker. Sex bänkar "
         "och fyra nya träd skulle göra platsen mer välkomnande.",
         80_000, C.MEETING_PLACES, "Lekplatsen vid Hässlehuset", ("feasible", 90_000)),
        ("Hässleholmen", "Tryggare övergångsställe vid Hässleholmsskolan",
         "Ett upphöjt övergångsställe med blinkande skyltar utanför skolan.",
         "Bilar kör fort förbi skolan på morgonen. Ett upphöjt övergångsställe får bilarna "
         "att sakta ner där barnen går över.",
         150_000, C.TRAFFIC, "Utanför Hässleholmsskolan", ("feasible", 170_000)),
        ("Hässleholmen", "Gratis gymkort till alla",
         "Kommunen betalar gymkort på ett privat gym för alla i stadsdelen.",
         "Många har inte råd med gymkort. Kommunen borde betala för alla.",
         400_000, C.PLAY_SPORT, None,
         ("hidden", "Förslaget innehåller reklam för ett namngivet företag och en "
          "kontaktuppgift. Skriv gärna ett nytt förslag utan reklam.")),
        ("Sjöbo", "Badbrygga vid Öresjö",
         "En ny badbrygga med stege, så att fler kan bada från Sjöbo-sidan.",
         "Den gamla bryggan är riven och det finns ingen bra plats att bada från. En brygga "
         "med stege och ledstång gör det lättare för barn, äldre och personer med nedsatt "
         "rörlighet att bada.",
         250_000, C.NATURE, "Öresjö, Sjöbo-sidan", ("feasible", 290_000)),
        ("Sjöbo", "Upprustad motionsslinga i Sjöboskogen",
         "Ny belysning och nytt underlag på den två kilometer långa slingan.",
         "Slingan är populär men lerig och mörk. Med nytt grus och belysning på de mörkaste "
         "delarna kan fler springa och gå där året runt.",
         200_000, C.SAFETY, "Sjöboskogen", ("feasible", 210_000)),
        ("Sjöbo", "Mötesplats för äldre i Sjöbo centrum",
         "En uteplats med bord, tak och bänkar med armstöd vid Sjöbo centrum.",
         "Äldre i Sjöbo saknar en plats att träffas utomhus. Bänkar med armstöd är lättare "
         "att resa sig från och taket ger skydd mot regn.",
         70_000, C.MEETING_PLACES, "Sjöbo centrum", ("feasible", 85_000)),
        ("Sjöbo", "Skatepark i Sjöbo",
         "En stor skatepark i betong för skateboard, kickbike och BMX.",
         "Ungdomarna i Sjöbo behöver en plats att vara på. En skatepark i betong håller i "
         "många år.",
         380_000, C.PLAY_SPORT, "Sjöbo idrottsplats",
         ("not_feasible", "En skatepark i betong kostar enligt kommunens beräkning cirka "
          "1,2 miljoner kronor, vilket är mer än hela Sjöbos budget. Förslaget går vidare "
          "till fritidsnämnden som ett medborgarförslag.")),
    ],
}

PROPOSAL_ROUND: dict[str, Any] = {
    "name": "Medborgarbudget 2027: Hulta, Brämhult och Trandared",
    "purpose": (
        "Har du en idé som gör Hulta, Brämhult eller Trandared bättre? Lämna ditt förslag! "
        "Borås Stad avsätter 1,1 miljoner kronor. Kommunen granskar förslagen, och de som går "
        "att genomföra ställs mot varandra i en omröstning.\n\nResultatet är ett råd till "
        "Kommunstyrelsen, som fattar det slutliga beslutet."),
    "influence": Influence.ADVISORY,
    "offsets": (-20, 30, 75, 95, 115),
    "min_voting_age": 0,
    "ballot_rule": BallotRule.KNAPSACK, "ballot_min_projects": None, "ballot_max_projects": 5,
    "approval_k": None,
    "tally_rule": TallyRule.MES,
    "tally_options": {"completion": "add1", "stop_at_exhaustive": True, "voter_budget": "floor",
                      "greedy_fill": False, "comparison": False},
    "target": Phase.PROPOSALS,
    "districts": [("Hulta", 450_000), ("Brämhult", 350_000), ("Trandared", 300_000)],
    "proposals": [
        ("Hulta", "Lekplats med tillgänglig gunga",
         "En gunga och karusell som barn i rullstol också kan använda.",
         "Lekplatsen vid Hultaskolan har inget som barn med funktionsnedsättning kan leka med. "
         "En rullstolsgunga och en markkarusell gör att alla barn kan leka tillsammans.",
         180_000, C.PLAY_SPORT, "Lekplatsen vid Hultaskolan", ("feasible", 195_000)),
        ("Hulta", "Fler papperskorgar och hundlatriner",
         "Tjugo nya papperskorgar längs promenadstråken i Hulta.",
         "Det är skräpigt längs stråken eftersom papperskorgarna är för få och sitter långt "
         "ifrån varandra.",
         60_000, C.NATURE, "Promenadstråken i Hulta", ("under_review",)),
        ("Hulta", "Kvällsfotboll för tjejer",
         "Ledare och hyrd hall för fotboll för tjejer två kvällar i veckan.",
         "Många tjejer i Hulta vill spela fotboll men det finns ingen grupp för dem. Med "
         "pengar till ledare och hallhyra kan en grupp starta i höst.",
         70_000, C.PLAY_SPORT, None, ("submitted",)),
        ("Brämhult", "Cykelställ med tak vid Brämhults centrum",
         "Låsbara cykelställ med tak för trettio cyklar.",
         "Det finns nästan inga cykelställ vid centrum och cyklarna blir blöta. Med tak och "
         "ramlås blir det lättare att välja cykeln.",
         90_000, C.TRAFFIC, "Brämhults centrum", ("submitted",)),
        ("Brämhult", "Vandringsled runt Kypesjön med skyltar",
         "Märkt led med informationsskyltar om naturen och fågellivet.",
         "Många går runt sjön men leden är svår att hitta. Skyltar om djur och växter gör "
         "promenaden till en upplevelse för skolklasser och familjer.",
         120_000, C.NATURE, "Kypesjön",
         ("not_feasible", "Leden ligger på mark som kommunen inte äger. Markägaren har sagt "
          "nej till skyltar. Kommunen tar kontakt igen inför nästa omgång.")),
        ("Trandared", "Musikstudio för unga i fritidsgården",
         "Utrustning för en enkel inspelningsstudio i Trandareds fritidsgård.",
         "Ungdomar skriver egen musik men har ingenstans att spela in. Med mikrofoner, en "
         "dator och ljudisolering kan fritidsgården ha en studio.",
         110_000, C.CULTURE, "Trandareds fritidsgård", ("draft",)),
        ("Trandared", "Trygg belysning vid busshållplatsen",
         "Bättre ljus och ett väderskydd vid busshållplatsen på Trandaredsgatan.",
         "Hållplatsen är mörk och saknar tak. Många som väntar på bussen på kvällen känner "
         "sig otrygga.",
         95_000, C.SAFETY, "Busshållplatsen på Trandaredsgatan", ("submitted",)),
    ],
}

FINISHED_ROUND: dict[str, Any] = {
    "name": "Medborgarbudget 2025: Göta, Norrmalm och Byttorp",
    "purpose": (
        "Den första medborgarbudgeten i Borås. Invånarna i Göta, Norrmalm och Byttorp bestämde "
        "hur 900 000 kronor skulle användas för att göra närmiljön bättre."),
    "influence": Influence.BINDING,
    "offsets": (-400, -350, -300, -280, -260),
    "min_voting_age": 0,
    "ballot_rule": BallotRule.APPROVAL, "ballot_min_projects": None, "ballot_max_projects": None,
    "approval_k": 3,
    "tally_rule": TallyRule.GREEDY, "tally_options": {"threshold": 0, "no_skip": False},
    "target": Phase.RESULTS,
    "districts": [("Göta", 350_000), ("Norrmalm", 300_000), ("Byttorp", 250_000)],
    "proposals": [
        ("Göta", "Blomsterängar längs Viskan",
         "Så ängsblommor på gräsytorna längs Viskan för bin och fjärilar.",
         "Gräsmattorna längs ån klipps varje vecka. Med ängsblommor blir det vackrare och "
         "bättre för pollinerande insekter.",
         60_000, C.NATURE, "Viskans strand vid Göta", ("popular", 70_000)),
        ("Göta", "Basketkorgar vid Götaskolan",
         "Två nya basketkorgar och ny asfalt på skolgården.",
         "Korgarna är trasiga sedan länge. Nya korgar skulle användas varje dag efter skolan.",
         150_000, C.PLAY_SPORT, "Götaskolans skolgård", ("popular", 160_000)),
        ("Göta", "Julbelysning i Götas gränder",
         "Ljusslingor i träden längs gränderna under vintern.",
         "Vintern är mörk och ljusslingor skulle göra gränderna trivsammare.",
         200_000, C.SAFETY, "Götas gränder", ("unpopular", 220_000)),
        ("Norrmalm", "Boklåda och bänk i Norrmalmsparken",
         "En väderskyddad boklåda där man lämnar och tar böcker, och en bänk bredvid.",
         "En bokbytarlåda gör det lätt att låna böcker utan lånekort och blir en mötesplats.",
         25_000, C.CULTURE, "Norrmalmsparken", ("popular", 30_000)),
        ("Norrmalm", "Pumptrack för cykel och kickbike",
         "En liten asfalterad bana med vågor och doserade kurvor.",
         "Barn och unga i Norrmalm har ingen plats att cykla på. En pumptrack passar alla "
         "åldrar och kräver lite underhåll.",
         250_000, C.PLAY_SPORT, "Norrmalms bollplan", ("popular", 260_000)),
        ("Norrmalm", "Parkering i stället för lekplatsen",
         "Gör om lekplatsen till parkeringsplatser.",
         "Det finns för få parkeringsplatser.",
         100_000, C.TRAFFIC, "Lekplatsen på Norrmalm",
         ("not_feasible", "Lekplatsen behövs för barnen i området och medborgarbudgeten får "
          "inte användas till att ta bort mötesplatser eller lekytor.")),
        ("Byttorp", "Grillplats vid Byttorpsskogen",
         "En grillplats med bord och bänkar vid skogsbrynet.",
         "Det finns ingen plats att grilla i Byttorp. En grillplats blir en samlingspunkt för "
         "familjer på sommaren.",
         45_000, C.MEETING_PLACES, "Byttorpsskogen", ("popular", 55_000)),
        ("Byttorp", "Nya fotbollsmål på Byttorps bollplan",
         "Två nya fullstora mål och nät.",
         "Målen är rostiga och saknar nät.",
         40_000, C.PLAY_SPORT, "Byttorps bollplan", ("popular", 48_000)),
        ("Byttorp", "Hundrastgård i Byttorp",
         "En inhägnad hundrastgård med grind och bänk.",
         "Många hundägare i Byttorp saknar en plats där hunden kan springa fritt.",
         180_000, C.NATURE, "Ängen vid Byttorpsvägen", ("unpopular", 190_000)),
    ],
}

ROUNDS = (VOTING_ROUND, PROPOSAL_ROUND, FINISHED_ROUND)


def _with_check_digit(born: str, serial: str) -> str:
    """A made-up personnummer (YYYYMMDD-NNN plus its Luhn digit)."""
    return f"{born}-{serial}{check_digit(born[2:] + serial)}"


#: the demo's voter roll: made-up people (the test eID takes these numbers)
DEMO_VOTERS = [
    ("Norrby", _with_check_digit("19850412", "238")),
    ("Norrby", _with_check_digit("20130905", "112")),   # 13: old enough (12) to vote
    ("Norrby", _with_check_digit("19470130", "904")),
    ("Hässleholmen", _with_check_digit("19920718", "556")),
    ("Hässleholmen", _with_check_digit("20150221", "341")),  # too young in this round
    ("Sjöbo", _with_check_digit("19780603", "470")),
    ("Göta", _with_check_digit("19660811", "783")),
    ("Byttorp", _with_check_digit("20010327", "628")),
]
#: how many one-time codes the demo prints for Norrby's voting round
DEMO_CODES = 10
#: a school class in Norrby, 13 years old (the voting round's minimum age is 12), on the
#: roll; the demo prints them a sheet of codes of their own (demo-codes-klass.txt), as an
#: officer would for a school, and the browser tests vote as this class
DEMO_CLASS = [_with_check_digit(f"2013{month:02d}{day:02d}", f"{400 + i:03d}")
              for i, (month, day) in enumerate(
                  (m, d) for m in range(1, 13) for d in (3, 10, 17))][:25]


def seed(instance: Path) -> dict[str, str]:
    """Create the demo accounts and rounds unless they exist; return the demo logins."""
    logins = _accounts(instance)
    officer = _user(ACCOUNTS[1][0])
    authors = [_author(i, name) for i, name in enumerate(AUTHORS)]
    for spec in ROUNDS:
        if db.session.scalar(sa.select(Round.id).where(Round.name == spec["name"])) is None:
            rnd = _round(spec, officer, authors)
            _dialogue(rnd, officer, authors)
            if rnd.phase is Phase.VOTING:
                norrby = next(d for d in rnd.districts if d.name == "Norrby")
                _batch, codes = voting_service.create_codes(rnd, norrby, DEMO_CODES, officer)
                (instance / "demo-codes.txt").write_text(
                    f"Röstkoder för {norrby.name} ({spec['name']}):\n" + "\n".join(codes) + "\n")
                _batch, codes = voting_service.create_codes(rnd, norrby, len(DEMO_CLASS),
                                                            officer)
                (instance / "demo-codes-klass.txt").write_text(
                    f"Röstkoder för klass 7B, Norrbyskolan ({spec['name']}):\n"
                    + "\n".join(codes) + "\n")
    db.session.commit()
    _result_pdf(instance)
    if not current_app.config.get("MAIL_SERVER"):
        send_due(transport())  # the mails the seeding queued, into the outbox folder
    return logins


def _dialogue(rnd: Round, officer: User, authors: list[User]) -> None:
    """A conversation on the round's first public proposal, a question answered publicly,
    one answered privately, one waiting, and a reported comment."""
    public = [p for p in rnd.proposals if p.is_public]
    if public:
        first = public[0]
        others = [a for a in authors if a.id != first.author_id]
        dialogue.add_comment(first, others[0], "Bra idé! Kan det finnas belysning också, så "
                             "att det känns tryggt på kvällen?")
        dialogue.add_comment(first, officer, "Tack för synpunkten. Vi tar med belysning i "
                             "kostnadsberäkningen.")
        rude = dialogue.add_comment(first, others[1], "Slöseri med pengar, typiskt den här "
                                    "stadsdelen.")
        dialogue.report_comment(rude, others[0], "Nedsättande om alla som bor här.")
    asked = dialogue.ask(rnd, authors[0], "Kan man lämna förslag tillsammans med sin klass?")
    dialogue.answer(asked, officer, "Ja. En person lämnar förslaget och skriver i beskrivningen "
                    "att det kommer från klassen.", public=True)
    private = dialogue.ask(rnd, authors[1], "Varför syns inte mitt förslag om grillplatsen?")
    dialogue.answer(private, officer, "Det väntar på granskning; du får mejl när det är klart.",
                    public=False)
    dialogue.ask(rnd, authors[2], "Hur räknas rösterna om två förslag får lika många?")


#: the finished round's signed result, written by the demo
DEMO_RESULT = "demo-resultat.pdf"


def _result_pdf(instance: Path) -> None:
    """Sign the finished round's result, with a development key made under instance/ if no
    key is configured."""
    finished = db.session.scalar(sa.select(Round).where(Round.name == FINISHED_ROUND["name"]))
    key, cert = signing_files()
    if not (current_app.config.get("SIGNING_KEY") or key.exists() or cert.exists()):
        create_dev_keys(key, cert)
    (instance / DEMO_RESULT).write_bytes(signed_pdf(round_result(finished)))
    db.session.commit()


def _user(email: str) -> User:
    return db.session.scalar(sa.select(User).where(User.email == email))


def _accounts(instance: Path) -> dict[str, str]:
    """The four demo accounts; passwords are drawn once and kept in instance/."""
    path = instance / "demo-logins.json"
    logins = json.loads(path.read_text()) if path.exists() else {}
    for email, name, role in ACCOUNTS:
        user = _user(email)
        if email not in logins or user is None:
            logins[email] = secrets.token_urlsafe(9)
            if user is None:
                create_user(email, name, logins[email], role)
            else:
                user.password_hash = hash_password(logins[email])
    db.session.flush()
    path.write_text(json.dumps(logins, indent=2))
    path.chmod(0o600)
    return logins


def _author(i: int, name: str) -> User:
    email = f"invanare{i + 1}@demo.boras.example"
    return _user(email) or create_user(email, name, secrets.token_urlsafe(16))


def _round(spec: dict[str, Any], officer: User, authors: list[User]) -> Round:
    today = date.today()
    dates = dict(zip(("proposals_open", "proposals_close", "voting_open", "voting_close",
                      "results_date"), (today + timedelta(days=d) for d in spec["offsets"])))
    rnd = round_service.create_round(officer, name=spec["name"], purpose=spec["purpose"],
                                     influence=spec["influence"],
                                     min_voting_age=spec["min_voting_age"],
                                     ballot_rule=spec["ballot_rule"],
                                     ballot_min_projects=spec["ballot_min_projects"],
                                     ballot_max_projects=spec["ballot_max_projects"],
                                     approval_k=spec["approval_k"],
                                     tally_rule=spec["tally_rule"],
                                     tally_options=spec["tally_options"], **dates)
    districts = {name: round_service.add_district(rnd, officer, name, budget)
                 for name, budget in spec["districts"]}
    round_service.advance_phase(rnd, officer)  # to proposals
    made = []
    for i, (district, title, summary, text, cost, category, place, outcome) in \
            enumerate(spec["proposals"]):
        proposal = proposal_service.create_proposal(
            rnd, authors[i % len(authors)], submit=outcome[0] != "draft", title=title,
            summary=summary, description=text, estimated_cost=cost,
            district_id=districts[district].id, category=category, place=place)
        made.append((proposal, outcome))
    for proposal, outcome in made:
        _review(proposal, outcome, officer)
    if spec["target"].index >= Phase.VOTING.index:
        people = [(d, n) for d, n in DEMO_VOTERS if d in districts]
        if "Norrby" in districts and spec["target"] is Phase.VOTING:
            people += [("Norrby", number) for number in DEMO_CLASS]
        if spec["target"].index > Phase.VOTING.index:
            people += _residents(spec)
        import_roll(rnd, "personnummer;district\n" + "".join(
            f"{number};{district}\n" for district, number in people), officer)
    while rnd.phase is not spec["target"]:
        if rnd.phase is Phase.VOTING:
            _vote(rnd, spec, made)
        elif rnd.phase is Phase.COUNTING:
            count_round(rnd, officer)
        round_service.advance_phase(rnd, officer)
    if rnd.phase.index >= Phase.RESULTS.index:
        _evaluate(rnd, spec, officer)
    return rnd


def _evaluate(rnd: Round, spec: dict[str, Any], officer: User) -> None:
    """The finished round's evaluation is open, and one in six residents has answered it
    (the demo's own people can still answer)."""
    survey = evaluation.create_survey(rnd, officer)
    evaluation.set_texts(survey, officer, intro="Tack för att du var med i medborgarbudgeten! "
                         "Berätta vad du tyckte, så blir nästa omgång bättre.")
    evaluation.open_survey(survey, officer)
    db.session.flush()
    chance = random.Random(spec["name"] + ":survey")
    comments = ["Bra att vi fick bestämma själva.", "Svårt att hitta information om mötena.",
                "Mer pengar till barnen nästa gång!", "Röstningen var enkel.",
                "Förslagen borde beskrivas på fler språk."]
    for _district, number in _residents(spec)[::6]:
        answers = {q.id: str(chance.choice([2, 3, 4, 4, 5, 5])) if q.kind is QuestionKind.SCALE
                   else chance.choice(comments) for q in survey.questions}
        evaluation.answer(rnd, evaluation.respondent(rnd, parse(number)), answers)


def _residents(spec: dict[str, Any]) -> list[tuple[str, str]]:
    """Made-up residents for a round the demo takes past voting: 300 per district."""
    people = []
    for d, (district, _budget) in enumerate(spec["districts"]):
        for i in range(300):
            born = date(1940, 1, 1) + timedelta(days=(d * 300 + i) * 173 % 27_000)
            people.append((district, _with_check_digit(born.strftime("%Y%m%d"),
                                                       f"{500 + d * 300 + i:03d}"[-3:])))
    return people


def _turnout(age: int) -> float:
    """How likely a demo resident of this age is to vote: the young and the old less often,
    as in real rounds, so that the statistics of who took part have something to show."""
    return 0.2 if age < 25 else 0.5 if age < 65 else 0.3


def _vote(rnd: Round, spec: dict[str, Any], made: list) -> None:
    """About two in five residents vote (fewer of the young and the old), one in ten of them
    on paper; popular projects are chosen more often. The same choices every time (a seeded
    random)."""
    chance = random.Random(spec["name"])
    on_ballot = {}
    for proposal, outcome in made:
        if outcome[0] in ("feasible", "popular", "unpopular"):
            weight = {"popular": 0.7, "unpopular": 0.3}.get(outcome[0], 0.5)
            on_ballot.setdefault(proposal.district_id, []).append((proposal.id, weight))
    most = rnd.approval_k or rnd.ballot_max_projects or 3
    for _district, number in _residents(spec):
        who = parse(number)
        if chance.random() >= _turnout(age_on(who.birth_date, rnd.voting_close)):
            continue
        paper = chance.random() < 0.1
        voter = (voting_service.voter_on_paper(rnd, who) if paper
                 else voting_service.voter_by_eid(rnd, who))
        projects = on_ballot[voter.district_id]
        picks = [pid for pid, weight in projects if chance.random() < weight][:most]
        if not picks or voting_service.check_choices(
                rnd, db.session.get(District, voter.district_id), picks):
            picks = [chance.choice(projects)[0]]  # one project is always a valid ballot
        voting_service.cast_ballot(voter, picks)
    db.session.flush()


def _review(proposal: Proposal, outcome: tuple, officer: User) -> None:
    kind = outcome[0]
    if kind in ("feasible", "popular", "unpopular"):
        proposal_service.review_proposal(proposal, officer, True, outcome[1], None)
    elif kind == "not_feasible":
        proposal_service.review_proposal(proposal, officer, False, None, outcome[1])
    elif kind == "hidden":
        proposal_service.hide_proposal(proposal, officer, outcome[1])
    elif kind == "under_review":
        proposal_service.start_review(proposal, officer)


def describe(logins: dict[str, str], url: str, instance: Path | None = None) -> str:
    """What the demo prints: where it runs, how to log in as each role and how to vote."""
    roles = {email: role.value for email, _name, role in ACCOUNTS}
    lines = [f"medborgarbudget demo: {url}", "", "Log in as (Logga in som):"]
    lines += [f"  {roles[e]:<9} {e:<34} password: {p}" for e, p in logins.items() if e in roles]
    lines += ["", "Vote with the test eID as (Rösta med testlegitimation som):"]
    lines += [f"  {number}  {district}" for district, number in DEMO_VOTERS]
    if instance is not None and (instance / "demo-codes.txt").exists():
        lines += ["", f"Voting codes for Norrby (Röstkoder): {instance / 'demo-codes.txt'}",
                  f"  and for a school class of {len(DEMO_CLASS)} children, with the children's "
                  f"ballot at /omgangar/1/rosta?barn=1: {instance / 'demo-codes-klass.txt'}",
                  "  the class's personnummer: " + ", ".join(DEMO_CLASS[:3]) + ", ... "
                  "(medborgarbudget.demo.DEMO_CLASS)"]
    outbox = transport()
    if isinstance(outbox, Folder):
        lines += ["", f"Mail the demo sent (Mejl): {outbox.path}",
                  "  send new mail there: medborgarbudget mail send"]
    if instance is not None and (instance / DEMO_RESULT).exists():
        _key, cert = signing_files()
        lines += ["", f"Signed result of {FINISHED_ROUND['name']}: {instance / DEMO_RESULT}",
                  f"  check it: medborgarbudget verify {instance / DEMO_RESULT} --trust {cert}"]
    return "\n".join(lines)
