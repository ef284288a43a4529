"""Creating and running rounds: settings, districts and the move from phase to phase."""

import secrets
from typing import Any

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from ..extensions import db
from ..models import (
    BallotRule,
    District,
    EventKind,
    Phase,
    Proposal,
    ProposalState,
    Review,
    Round,
    TallyRule,
    User,
)
from . import notify
from .audit import changes, log_action
from .errors import DomainError, FrozenError, PhaseError
from .proposals import add_event
from .results import document, round_result
from .voting import close_voting, open_chain

#: the settings a round is made of (besides its districts)
ROUND_FIELDS = (
    "name", "purpose", "influence", "proposals_open", "proposals_close", "voting_open",
    "voting_close", "results_date", "min_voting_age", "ballot_rule", "ballot_min_projects",
    "ballot_max_projects", "approval_k", "tally_rule", "tally_options",
)
#: what may not change once voting has opened
FROZEN_FIELDS = frozenset({
    "influence", "min_voting_age", "ballot_rule", "ballot_min_projects", "ballot_max_projects",
    "approval_k", "tally_rule", "tally_options",
})

#: each rule's options and their defaults (the tally engine reads the same names)
TALLY_OPTION_DEFAULTS: dict[TallyRule, dict[str, Any]] = {
    TallyRule.GREEDY: {"threshold": 0, "no_skip": False},
    TallyRule.MES: {
        "completion": "add1",          # "none" or "add1": raise every voter's budget step by step
        "stop_at_exhaustive": True,    # add1 stops at the first outcome that spends the budget
        "voter_budget": "floor",       # start each voter at floor(B/n) kronor, or "exact" B/n
        "greedy_fill": False,          # fill what is left greedily after MES
        "comparison": False,           # keep MES unless more voters prefer the greedy outcome
    },
}
_CHOICES = {"completion": ("none", "add1"), "voter_budget": ("floor", "exact")}


def clean_tally_options(rule: TallyRule, options: dict[str, Any]) -> dict[str, Any]:
    """The rule's options with defaults filled in; an unknown or ill-typed option is an error."""
    defaults = TALLY_OPTION_DEFAULTS[rule]
    unknown = set(options) - set(defaults)
    if unknown:
        raise DomainError(_l("Okänt val för räkneregeln: %(name)s",
                             name=", ".join(sorted(unknown))))
    cleaned = dict(defaults)
    for key, value in options.items():
        default = defaults[key]
        ok = (
            isinstance(value, bool) if isinstance(default, bool)
            else isinstance(value, int) and not isinstance(value, bool) and value >= 0
            if isinstance(default, int)
            else value in _CHOICES[key]
        )
        if not ok:
            raise DomainError(_l("Ogiltigt värde för %(name)s.", name=key))
        cleaned[key] = value
    return cleaned


def _check_settings(values: dict[str, Any]) -> None:
    """Rules that span several fields; the database checks them too."""
    order = ["proposals_open", "proposals_close", "voting_open", "voting_close", "results_date"]
    for earlier, later in zip(order, order[1:]):
        if values[earlier] > values[later]:
            raise DomainError(_l("Datumet kan inte ligga före föregående fas."), field=later)
    if values["ballot_rule"] is BallotRule.APPROVAL:
        if not values.get("approval_k"):
            raise DomainError(_l("Ange hur många förslag man får välja."), field="approval_k")
        values["ballot_min_projects"] = values["ballot_max_projects"] = None
    else:
        values["approval_k"] = None
        lo, hi = values.get("ballot_min_projects"), values.get("ballot_max_projects")
        if lo is not None and hi is not None and lo > hi:
            raise DomainError(_l("Minsta antal kan inte vara större än högsta antal."),
                              field="ballot_max_projects")
    values["tally_options"] = clean_tally_options(values["tally_rule"], values["tally_options"])


def create_round(actor: User, **values: Any) -> Round:
    """Create a round in the information phase."""
    values = {f: values.get(f) for f in ROUND_FIELDS}
    values["tally_options"] = values["tally_options"] or {}
    _check_settings(values)
    rnd = Round(created_by_id=actor.id, phase=Phase.INFORMATION, **values)
    db.session.add(rnd)
    log_action(actor, "round.created", rnd, rnd, **{f: values[f] for f in ROUND_FIELDS})
    return rnd


def update_round(rnd: Round, actor: User, **values: Any) -> dict[str, list[Any]]:
    """Change a round's settings; after voting opens the rules cannot change."""
    merged = {f: values.get(f, getattr(rnd, f)) for f in ROUND_FIELDS}
    _check_settings(merged)
    if rnd.is_frozen:
        frozen = sorted(f for f in FROZEN_FIELDS if merged[f] != getattr(rnd, f))
        if frozen:
            raise FrozenError(_l(
                "Röstningen har öppnat: röstsedelns regler, räkneregeln, rösträttsåldern och "
                "graden av inflytande kan inte längre ändras."))
    changed = changes(rnd, merged)
    if changed:
        log_action(actor, "round.updated", rnd, rnd, **changed)
    return changed


def _refuse_if_frozen(rnd: Round) -> None:
    if rnd.is_frozen:
        raise FrozenError(_l("Röstningen har öppnat: områden och budgetar kan inte längre ändras."))


def add_district(rnd: Round, actor: User, name: str, budget: int) -> District:
    _refuse_if_frozen(rnd)
    name = name.strip()
    if any(d.name.lower() == name.lower() for d in rnd.districts):
        raise DomainError(_l("Omgången har redan ett område med det namnet."), field="name")
    district = District(round=rnd, name=name, budget=budget)
    db.session.add(district)
    log_action(actor, "district.added", district, rnd, name=name, budget=budget)
    return district


def update_district(district: District, actor: User, name: str, budget: int) -> None:
    rnd = district.round
    _refuse_if_frozen(rnd)
    name = name.strip()
    if any(d.name.lower() == name.lower() and d.id != district.id for d in rnd.districts):
        raise DomainError(_l("Omgången har redan ett område med det namnet."), field="name")
    too_dear = db.session.scalar(
        sa.select(sa.func.count()).select_from(Proposal).join(Proposal.review).where(
            Proposal.district_id == district.id, Review.feasible, Review.cost_estimate > budget))
    if too_dear:
        raise DomainError(_l("Budgeten är mindre än kostnaden för ett förslag som redan har "
                             "bedömts genomförbart i området."), field="budget")
    changed = changes(district, {"name": name, "budget": budget})
    if changed:
        log_action(actor, "district.updated", district, rnd, **changed)


def remove_district(district: District, actor: User) -> None:
    rnd = district.round
    _refuse_if_frozen(rnd)
    has_proposals = db.session.scalar(
        sa.select(sa.func.count()).select_from(Proposal).where(Proposal.district_id == district.id))
    if has_proposals:
        raise DomainError(_l("Området har förslag och kan inte tas bort."))
    log_action(actor, "district.removed", district, rnd, name=district.name, budget=district.budget)
    rnd.districts.remove(district)
    db.session.delete(district)


def advance_phase(rnd: Round, actor: User) -> Phase:
    """Move the round to its next phase, after checking that it is ready for it."""
    current, target = rnd.phase, rnd.phase.next
    if target is None:
        raise PhaseError(_l("Omgången är redan i sista fasen."))
    _check_ready(rnd, target)
    if current is Phase.VOTING:
        close_voting(rnd)  # waits for casts in progress, then unlinks ballots from people
    # move only from the phase we read: two officers clicking at once cannot skip a phase
    moved = db.session.execute(
        sa.update(Round).where(Round.id == rnd.id, Round.phase == current)
        .values(phase=target).execution_options(synchronize_session=False)
    ).rowcount
    if moved != 1:
        raise PhaseError(_l("Omgången har redan flyttats till en annan fas. Ladda om sidan."))
    rnd.phase = target
    if target is Phase.REVIEW:
        for p in _proposals(rnd, ProposalState.SUBMITTED):
            p.state = ProposalState.UNDER_REVIEW
            add_event(p, EventKind.REVIEW_STARTED, actor)
    elif target is Phase.VOTING:
        rnd.tiebreak_seed = secrets.token_hex(16)
        open_chain(rnd)
        for p in _proposals(rnd, ProposalState.FEASIBLE):
            if not p.hidden:
                notify.on_ballot(p)
        notify.round_news(rnd, "voting_open")
    elif target is Phase.RESULTS:
        _mark_selected(rnd, actor)
        notify.round_news(rnd, "results")
    log_action(actor, "round.phase_advanced", rnd, rnd, phase=[current, target],
               tiebreak_seed=rnd.tiebreak_seed if target is Phase.VOTING else None)
    return target


def _proposals(rnd: Round, *states: ProposalState) -> list[Proposal]:
    return list(db.session.scalars(
        sa.select(Proposal).where(Proposal.round_id == rnd.id, Proposal.state.in_(states))
        .order_by(Proposal.id)))


def _mark_selected(rnd: Round, actor: User) -> None:
    """When results are published, each project on the ballot is selected or not."""
    selected = {int(pid) for district in document(round_result(rnd))["districts"]
                for pid in district["outcome"]["selected"]}
    for p in _proposals(rnd, ProposalState.FEASIBLE):
        won = p.id in selected
        p.state = ProposalState.SELECTED if won else ProposalState.NOT_SELECTED
        add_event(p, EventKind.SELECTED if won else EventKind.NOT_SELECTED, actor)


def _check_ready(rnd: Round, target: Phase) -> None:
    if target is Phase.RESULTS and round_result(rnd) is None:
        raise PhaseError(_l("Räkna rösterna innan resultatet publiceras."))
    if target is Phase.PROPOSALS and not rnd.districts:
        raise PhaseError(_l("Lägg till minst ett område innan förslagsfasen öppnar."))
    if target is Phase.VOTING:
        waiting = [p for p in _proposals(rnd, ProposalState.SUBMITTED, ProposalState.UNDER_REVIEW)
                   if not p.hidden]
        if waiting:
            raise PhaseError(_l("%(n)d förslag väntar fortfarande på bedömning.", n=len(waiting)))
        on_ballot = [p for p in _proposals(rnd, ProposalState.FEASIBLE) if not p.hidden]
        for district in rnd.districts:
            costs = sorted(p.cost for p in on_ballot if p.district_id == district.id)
            if not costs:
                raise PhaseError(_l("Området %(name)s har inga genomförbara förslag att rösta på.",
                                    name=district.name))
            least = rnd.ballot_min_projects or 0
            if rnd.ballot_rule is BallotRule.KNAPSACK and (
                    len(costs) < least or sum(costs[:least]) > district.budget):
                raise PhaseError(_l(
                    "I området %(name)s går det inte att välja %(n)d förslag inom budgeten.",
                    name=district.name, n=least))

