"""What each stored value is called in the user's language."""

from flask_babel import lazy_gettext as _l

from .models import (
    BallotRule,
    Category,
    EventKind,
    FollowUpStatus,
    Influence,
    Phase,
    ProposalState,
    Role,
    TallyRule,
)

PHASE = {
    Phase.INFORMATION: _l("Information"),
    Phase.PROPOSALS: _l("Förslag"),
    Phase.REVIEW: _l("Granskning"),
    Phase.VOTING: _l("Röstning"),
    Phase.COUNTING: _l("Rösträkning"),
    Phase.RESULTS: _l("Resultat"),
    Phase.FOLLOW_UP: _l("Uppföljning"),
}

#: what happens in each phase, in plain words
PHASE_TEXT = {
    Phase.INFORMATION: _l(
        "Vi berättar om omgången: vad pengarna är till för och hur det går till."),
    Phase.PROPOSALS: _l("Alla som bor i området kan lämna förslag."),
    Phase.REVIEW: _l("Kommunen kontrollerar att förslagen går att genomföra och vad de kostar."),
    Phase.VOTING: _l("Du röstar på de förslag du tycker är bäst, inom budgeten."),
    Phase.COUNTING: _l("Rösterna räknas."),
    Phase.RESULTS: _l("Resultatet är klart: de vinnande förslagen ska genomföras."),
    Phase.FOLLOW_UP: _l("Kommunen berättar hur det går med de vinnande förslagen."),
}

STATE = {
    ProposalState.DRAFT: _l("Utkast"),
    ProposalState.SUBMITTED: _l("Inskickat"),
    ProposalState.UNDER_REVIEW: _l("Granskas"),
    ProposalState.FEASIBLE: _l("Genomförbart"),
    ProposalState.NOT_FEASIBLE: _l("Inte genomförbart"),
    ProposalState.SELECTED: _l("Vann omröstningen"),
    ProposalState.NOT_SELECTED: _l("Vann inte"),
}

FOLLOW_UP_STATUS = {
    FollowUpStatus.PLANNED: _l("Planeras"),
    FollowUpStatus.UNDER_WAY: _l("Pågår"),
    FollowUpStatus.DONE: _l("Klart"),
    FollowUpStatus.CANCELLED: _l("Avbrutet"),
}

CATEGORY = {
    Category.PLAY_SPORT: _l("Lek och idrott"),
    Category.NATURE: _l("Natur och grönområden"),
    Category.CULTURE: _l("Kultur"),
    Category.MEETING_PLACES: _l("Mötesplatser"),
    Category.SAFETY: _l("Trygghet och belysning"),
    Category.TRAFFIC: _l("Trafik och gångvägar"),
    Category.OTHER: _l("Annat"),
}

INFLUENCE = {
    Influence.BINDING: _l("Medbeslut: resultatet är bindande"),
    Influence.ADVISORY: _l("Rådgivande: resultatet är ett råd till politikerna"),
}

#: the degree of influence said in plain words, as every round page must
INFLUENCE_TEXT = {
    Influence.BINDING: _l(
        "Ni bestämmer. De förslag som får flest röster inom budgeten genomförs: kommunen har "
        "lovat att följa resultatet."),
    Influence.ADVISORY: _l(
        "Ni ger råd. Resultatet lämnas till politikerna, som fattar det slutliga beslutet. "
        "De förklarar offentligt om de gör på något annat sätt."),
}

BALLOT_RULE = {
    BallotRule.KNAPSACK: _l("Välj förslag så att den sammanlagda kostnaden ryms i budgeten"),
    BallotRule.APPROVAL: _l("Välj ett visst antal förslag"),
}

TALLY_RULE = {
    TallyRule.GREEDY: _l(
        "Flest röster: förslagen med flest röster vinner så länge pengarna räcker"),
    TallyRule.MES: _l("Lika andelar (Method of Equal Shares): budgeten delas lika mellan väljarna"),
}

ROLE = {
    Role.RESIDENT: _l("Invånare"),
    Role.OFFICER: _l("Handläggare"),
    Role.AUDITOR: _l("Granskare"),
    Role.ADMIN: _l("Administratör"),
}

EVENT = {
    EventKind.CREATED: _l("Förslaget skapades"),
    EventKind.EDITED: _l("Förslaget ändrades"),
    EventKind.SUBMITTED: _l("Förslaget skickades in"),
    EventKind.REVIEW_STARTED: _l("Kommunen började granska förslaget"),
    EventKind.FEASIBLE: _l("Bedömt genomförbart: förslaget kommer med på röstsedeln"),
    EventKind.NOT_FEASIBLE: _l("Bedömt inte genomförbart"),
    EventKind.HIDDEN: _l("Förslaget doldes"),
    EventKind.UNHIDDEN: _l("Förslaget visas igen"),
    EventKind.SELECTED: _l("Förslaget vann omröstningen"),
    EventKind.NOT_SELECTED: _l("Förslaget vann inte omröstningen"),
}
