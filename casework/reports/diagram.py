"""The process diagram of a django-fsm-2 state machine as inline SVG, current state highlighted.

Read from the transitions' own metadata (`field.get_all_transitions(model)`), so the picture can
never disagree with the code: states are placed in layers by their distance from the initial
state, forward edges go down, edges back to an earlier layer curve round the side.
"""

from __future__ import annotations

from collections import deque
from typing import Any

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from casework.audit.labels import transition_label

NODE_W, NODE_H, GAP_X, GAP_Y, PAD = 160, 40, 20, 46, 20
CURRENT_FILL, NODE_FILL, FINAL_FILL = "#1565c0", "#ffffff", "#eceff1"


def _targets(transition: Any) -> list[str]:
    allowed = getattr(transition.target, "allowed_states", None)
    if allowed is not None:
        return [str(s) for s in allowed]
    return [] if transition.target is None else [str(transition.target)]


def state_graph(
    model: type, field_name: str = "status"
) -> tuple[list[str], dict[str, str], set[tuple[str, str, str]], str]:
    """(states in declaration order, labels, edges (source, target, transition name), initial state)."""
    field = model._meta.get_field(field_name)
    labels = {str(value): str(label) for value, label in field.choices}
    states = list(labels)
    edges: set[tuple[str, str, str]] = set()
    for t in field.get_all_transitions(model):
        sources = states if t.source in ("*", "+") else [str(t.source)]
        for source in sources:
            for target in _targets(t):
                if target != source:
                    edges.add((source, target, t.name))
    return states, labels, edges, str(field.get_default())


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
    states, labels, edges, initial = state_graph(model, field_name)
    current = str(getattr(obj, field_name))
    rank = _layers(states, edges, initial)
    by_layer: dict[int, list[str]] = {}
    for state in states:
        by_layer.setdefault(rank[state], []).append(state)
    width_nodes = max(len(v) for v in by_layer.values())
    width = PAD * 2 + width_nodes * (NODE_W + GAP_X)
    height = PAD * 2 + len(by_layer) * (NODE_H + GAP_Y)
    pos: dict[str, tuple[float, float]] = {}
    for layer_no, (_layer, members) in enumerate(sorted(by_layer.items())):
        row_w = len(members) * (NODE_W + GAP_X) - GAP_X
        x0 = (width - row_w) / 2
        for i, state in enumerate(members):
            pos[state] = (x0 + i * (NODE_W + GAP_X), PAD + layer_no * (NODE_H + GAP_Y))
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
            d = f"M{sx + NODE_W / 2:.0f},{sy + NODE_H} L{tx + NODE_W / 2:.0f},{ty}"
        else:
            # Back or sideways edge: a curve beside the nodes so it does not cross them.
            bend = max(sx, tx) + NODE_W + GAP_X * 0.8
            d = f"M{sx + NODE_W:.0f},{sy + NODE_H / 2} Q{bend:.0f},{(sy + ty) / 2 + NODE_H / 2:.0f} {tx + NODE_W:.0f},{ty + NODE_H / 2}"
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
        short = label if len(label) <= 24 else label[:23] + "…"
        current_attr = ' data-current="true"' if is_current else ""
        parts.append(
            f'<g data-state="{escape(state)}"{current_attr}>'
            f'<rect x="{x:.0f}" y="{y:.0f}" width="{NODE_W}" height="{NODE_H}" rx="8" fill="{fill}" '
            f'stroke="{"#0d47a1" if is_current else "#90a4ae"}" stroke-width="{2.5 if is_current else 1}"/>'
            f'<text x="{x + NODE_W / 2:.0f}" y="{y + NODE_H / 2 + 4:.0f}" font-size="11" text-anchor="middle" '
            f'font-family="DejaVu Sans, Arial, sans-serif" fill="{text_fill}"{weight}>{escape(short)}</text>'
            f"<title>{escape(label)}</title></g>"
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 — all text above is escaped
