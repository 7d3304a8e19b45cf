"""The plain stack's routing: a viewflow flow run through viewflow's own activations, the way a
project using the library as documented would route a case to the next person."""

from __future__ import annotations

from viewflow import this
from viewflow.workflow import flow, lock

from workflows.flows.cases import ASSIGNERS, INTAKE
from workflows.flows.nodes import RoleTask, RoutedStartMixin, status_is


class NaiveFlow(RoutedStartMixin, flow.Flow):
    lock_impl = lock.select_for_update_lock

    start = flow.StartHandle(this.start_object).Next(this.route)
    route = (
        flow.Switch()
        .Case(this.triage, status_is("received"))
        .Case(this.assign, status_is("accepted"))
        .Default(this.end)
    )
    triage = RoleTask(roles=INTAKE).Next(this.route)
    assign = RoleTask(roles=ASSIGNERS).Next(this.route)
    end = flow.End()
