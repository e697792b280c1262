"""The words every layer shares: roles, assessment periods, the branch's customers, channels,
queues and event kinds.

A leaf module (it imports nothing from simkit), so the scenario's literals, the branch, pay,
the books and the reports can all name these things the same way without importing each other.
"""
from __future__ import annotations

__all__ = ["ROLES", "PERIOD_MONTHS", "PERIODS", "SEGMENTS", "COMM_TYPES", "CHANNELS", "WINDOW_TYPES",
           "TICKET_CLASSES", "OWN_TICKETS", "DESK_CLASSES", "SELF_SERVICE", "EVENT_KINDS",
           "OUTCOMES", "ACTIVITIES", "WORK_ACTIVITIES", "RELIEF"]

#: the roles whose staff a scenario lists, whose choices are learned and who are paid
ROLES = ("teller", "lobby_manager", "customer_manager")

#: months in each assessment period (the horizon's ``period``)
PERIOD_MONTHS = {"month": 1, "quarter": 3, "half_year": 6, "year": 12}

#: the assessment periods a horizon may have, shortest first
PERIODS = tuple(PERIOD_MONTHS)

#: customer segments a scenario may define (docs/domain.md §2: mass retail, VIP, elderly, corporate
#: and potential high-value customers not yet recognised, seed 004)
SEGMENTS = ("mass", "vip", "elderly", "corporate", "potential_hv")

#: communication types, each with its patience and complaint propensity (seed 002, docs/domain.md §2)
COMM_TYPES = ("lively", "forceful", "analytical", "peaceful")

#: the channels a need can be served in: a counter window, a machine, a customer manager's desk
CHANNELS = ("teller", "self_service", "customer_manager")

#: window types, in the order tellers are posted to them
WINDOW_TYPES = ("ordinary", "vip", "corporate")

#: ticket classes a counter window can call, in the order of the queue display
TICKET_CLASSES = ("green", "vip", "corporate", "ordinary")

#: the tickets a customer takes by themselves (a segment's ``ticket``): every class but green,
#: which only a lobby manager hands out (seed 004)
OWN_TICKETS = TICKET_CLASSES[1:]

#: the classes a customer manager's desk calls, best first
DESK_CLASSES = ("appointment", "referral", "walkin")

#: the machines' queue (also the channel's name)
SELF_SERVICE = "self_service"

#: kinds of row in the branch's event log (``simkit.branch.log.EVENT_KINDS`` says what each
#: row's place, staff and value mean)
EVENT_KINDS = ("arrive", "ticket", "balk", "call", "renege", "reroute", "done", "error", "pitch", "sale",
               "annoyed", "referral", "ss_fail", "breakdown", "loan_application", "prospect", "grumble",
               "complaint", "churn", "leave")

#: how a visit ends (a customer's ``outcome``; "inside" while the run ends with them in the branch)
OUTCOMES = ("served", "balked", "reneged", "unserved", "inside")

#: what staff and machines spend time on (the activity log): serving, the lobby manager's triage,
#: selling, second triage, teaching at the machines (客户教育), taking up a complaint (投诉处理) and
#: keeping a customer about to give up waiting (挽留客户), then breaks (lunch, a customer manager's time
#: outside, a machine down, a day off on the rota)
ACTIVITIES = ("serve", "triage", "sell", "second_triage", "teach", "complaint", "retain", "lunch", "outside", "down",
              "off")
#: how many of ``ACTIVITIES``, from the first, are work; the rest are time away from the post
WORK_ACTIVITIES = 7

#: who staffs a post on its holder's day off, where the rota sends a relief colleague (机动人员) from
#: the branch's pool: one id per role, so their work counts for the branch and for nobody's pay
RELIEF = {role: f"relief.{role}" for role in ROLES}
