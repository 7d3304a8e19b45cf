"""The process diagram of a django-fsm-2 state machine as inline SVG, current state highlighted.

Read from the transitions' own metadata (`field.get_all_transitions(model)`), so the picture can
never disagree with the code: an object's diagram has the states and transitions an object of its
kind can take, as the transitions' conditions read its PROCESS_PATH_FIELDS (state_graph); states are
placed in layers by their distance from the initial state, forward edges go down, edges back to an
earlier layer curve round the side; labels wrap over lines, never cut.
"""

from __future__ import annotations

import textwrap
from collections import deque
from typing import Any

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from casework.audit.labels import transition_label
from core.fsm import path_condition

NODE_W, NODE_H, GAP_X, GAP_Y, PAD = 160, 40, 20, 46, 20
# A line of a state's label: about 22 characters of 11px DejaVu Sans fit a box's width, 14px apart.
WRAP, LINE_H = 22, 14
CURRENT_FILL, NODE_FILL, FINAL_FILL = "#1565c0", "#ffffff", "#eceff1"


def _targets(transition: Any) -> list[str]:
    allowed = getattr(transition.target, "allowed_states", None)
    if allowed is not None:
        return [str(s) for s in allowed]
    return [] if transition.target is None else [str(transition.target)]


def _probe(model: type, like: Any, field_name: str, state: str) -> Any:
    """An unsaved object of `model` at `state`, sharing `like`'s process path fields and nothing else:
    what the transitions' own conditions read to tell the path an object of that kind can take."""
    values = {name: getattr(like, name) for name in getattr(model, "PROCESS_PATH_FIELDS", ())}
    return model(**values, **{field_name: state})


def _kind_edges(model: type, field_name: str, states: list[str], initial: str, like: Any) -> set[tuple[str, str, str]]:
    """The edges an object like `like` can take, read from the transitions themselves: each transition whose
    conditions hold for an object of its kind at the source state (a condition reading the object's records
    answers for the kind, `core.fsm.on_path`); a transition that returns its target
    (RETURN_VALUE) goes where its method sends that object, and, leaving a state it cannot stay in, back to
    the states of the kind that lead into that one (a resumption returns to the step it was suspended at)."""
    field = model._meta.get_field(field_name)
    taken: list[tuple[str, Any, str]] = []
    for t in field.get_all_transitions(model):
        for source in states if t.source in ("*", "+") else [str(t.source)]:
            probe = _probe(model, like, field_name, source)
            if all(path_condition(condition)(probe) for condition in t.conditions):
                taken.append((source, t, str(t.method(probe) or "") if _returns(t) else ""))
    edges = {(source, target, t.name) for source, t, _ in taken if not _returns(t) for target in _targets(t)}
    edges |= {(source, returned, t.name) for source, t, returned in taken if returned in _targets(t)}
    edges = {edge for edge in edges if edge[0] != edge[1]}
    # The way back is drawn from the states the object reaches otherwise: a denunciation suspended is
    # never resumed into a complaint's dialogue it never held.
    reached = _reachable(initial, edges)
    for source, t, _ in taken:
        if _returns(t) and source not in _targets(t):
            edges |= {
                (source, came_from, t.name)
                for came_from, into, _name in list(edges)
                if into == source and came_from in _targets(t) and came_from in reached
            }
    return edges


def _returns(transition: Any) -> bool:
    return getattr(transition.target, "allowed_states", None) is not None


def _reachable(initial: str, edges: set[tuple[str, str, str]]) -> set[str]:
    seen, queue = {initial}, deque([initial])
    while queue:
        state = queue.popleft()
        for source, target, _ in edges:
            if source == state and target not in seen:
                seen.add(target)
                queue.append(target)
    return seen


def state_graph(
    model: type, field_name: str = "status", *, like: Any = None
) -> tuple[list[str], dict[str, str], set[tuple[str, str, str]], str]:
    """(states in declaration order, labels, edges (source, target, transition name), initial state).

    Without `like`, every transition of the model; with it, only the states and transitions an object
    of `like`'s kind can reach from the initial state (the model's PROCESS_PATH_FIELDS, read by the
    transitions' conditions: a complaint's diagram has no denunciation's conclusion), and `like`'s own
    state whatever it is."""
    field = model._meta.get_field(field_name)
    labels = {str(value): str(label) for value, label in field.choices}
    states = list(labels)
    initial = str(field.get_default())
    if like is not None:
        edges = _kind_edges(model, field_name, states, initial, like)
        reached = _reachable(initial, edges) | {str(getattr(like, field_name))}
        edges = {edge for edge in edges if edge[0] in reached and edge[1] in reached}
        return [s for s in states if s in reached], labels, edges, initial
    edges: set[tuple[str, str, str]] = set()
    for t in field.get_all_transitions(model):
        sources = states if t.source in ("*", "+") else [str(t.source)]
        for source in sources:
            for target in _targets(t):
                if target != source:
                    edges.add((source, target, t.name))
    return states, labels, edges, initial


def _layers(states: list[str], edges: set[tuple[str, str, str]], initial: str) -> dict[str, int]:
    rank = {initial: 0}
    queue = deque([initial])
    while queue:
        state = queue.popleft()
        for source, target, _ in sorted(edges):
            if source == state and target not in rank:
                rank[target] = rank[state] + 1
                queue.append(target)
    last = max(rank.values(), default=0) + 1
    return {s: rank.get(s, last) for s in states}


def process_diagram_svg(obj: Any, field_name: str = "status") -> SafeString:
    model = type(obj)
    states, labels, edges, initial = state_graph(model, field_name, like=obj)
    current = str(getattr(obj, field_name))
    rank = _layers(states, edges, initial)
    # Every label whole, wrapped over as many lines as the longest needs; the boxes are as tall as that.
    lines = {state: textwrap.wrap(labels.get(state, state), WRAP) or [""] for state in states}
    node_h = NODE_H + LINE_H * (max(len(v) for v in lines.values()) - 1)
    by_layer: dict[int, list[str]] = {}
    for state in states:
        by_layer.setdefault(rank[state], []).append(state)
    width_nodes = max(len(v) for v in by_layer.values())
    width = PAD * 2 + width_nodes * (NODE_W + GAP_X)
    height = PAD * 2 + len(by_layer) * (node_h + GAP_Y)
    pos: dict[str, tuple[float, float]] = {}
    for layer_no, (_layer, members) in enumerate(sorted(by_layer.items())):
        row_w = len(members) * (NODE_W + GAP_X) - GAP_X
        x0 = (width - row_w) / 2
        for i, state in enumerate(members):
            pos[state] = (x0 + i * (NODE_W + GAP_X), PAD + layer_no * (node_h + GAP_Y))
    marker = f"arrow-{model._meta.model_name}-{getattr(obj, 'pk', None) or 'x'}"
    outgoing = {s for s, _, _ in edges}
    step = {"step": labels.get(current, current)}
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="100%" role="img" '
        f'class="process-diagram" aria-label="{escape(gettext("Sơ đồ quy trình, bước hiện tại: %(step)s") % step)}">',
        f"<title>{escape(gettext('Sơ đồ quy trình — bước hiện tại: %(step)s') % step)}</title>",
        f'<defs><marker id="{marker}" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" markerHeight="7" '
        'orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="#607d8b"/></marker></defs>',
    ]
    for source, target, name in sorted(edges):
        (sx, sy), (tx, ty) = pos[source], pos[target]
        if rank[target] > rank[source]:
            d = f"M{sx + NODE_W / 2:.0f},{sy + node_h} L{tx + NODE_W / 2:.0f},{ty}"
        else:
            # Back or sideways edge: a curve beside the nodes so it does not cross them.
            bend = max(sx, tx) + NODE_W + GAP_X * 0.8
            d = f"M{sx + NODE_W:.0f},{sy + node_h / 2} Q{bend:.0f},{(sy + ty) / 2 + node_h / 2:.0f} {tx + NODE_W:.0f},{ty + node_h / 2}"
        step = f"{labels.get(source, source)} → {labels.get(target, target)}"
        action = transition_label(model, name)  # the transition's code stays off the page
        parts.append(
            f'<path d="{d}" fill="none" stroke="#90a4ae" stroke-width="1.2" marker-end="url(#{marker})">'
            f"<title>{escape(f'{action}: {step}' if action else step)}</title></path>"
        )
    for state in states:
        x, y = pos[state]
        is_current = state == current
        fill = CURRENT_FILL if is_current else (FINAL_FILL if state not in outgoing else NODE_FILL)
        text_fill = "#ffffff" if is_current else "#263238"
        weight = ' font-weight="bold"' if is_current else ""
        label = labels.get(state, state)
        first_y = y + node_h / 2 + 4 - LINE_H * (len(lines[state]) - 1) / 2
        text = "".join(
            f'<tspan x="{x + NODE_W / 2:.0f}" y="{first_y + n * LINE_H:.0f}">{escape(line)}</tspan>'
            for n, line in enumerate(lines[state])
        )
        current_attr = ' data-current="true"' if is_current else ""
        parts.append(
            f'<g data-state="{escape(state)}"{current_attr}>'
            f'<rect x="{x:.0f}" y="{y:.0f}" width="{NODE_W}" height="{node_h}" rx="8" fill="{fill}" '
            f'stroke="{"#0d47a1" if is_current else "#90a4ae"}" stroke-width="{2.5 if is_current else 1}"/>'
            f'<text font-size="11" text-anchor="middle" '
            f'font-family="DejaVu Sans, Arial, sans-serif" fill="{text_fill}"{weight}>{text}</text>'
            f"<title>{escape(label)}</title></g>"
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 — all text above is escaped
