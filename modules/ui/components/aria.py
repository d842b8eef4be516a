"""Names that Streamlit's widgets cannot be given (WCAG 1.3.1, 4.1.2), set in the page by a script.

- A question's checkboxes become one group named by the question (Streamlit has no fieldset).
- A progress bar is named by the text drawn above it, not the generic "progress".
- A lesson picture that scrolls sideways on a phone becomes a named region that takes focus.

Pages register groups during their run (`name_group`); app.py draws this invisible element once per
run with them. Its script applies the names and keeps them applied when Streamlit redraws the
elements (a MutationObserver; React would otherwise put "progress" back). The script is a static
string of ours; names travel as data and are set as attribute values, never as markup."""

from __future__ import annotations

import hashlib

import streamlit as st

_JS = """
export default function(component) {
  const { data } = component;
  window.__flAriaGroups = Object.assign(window.__flAriaGroups || {}, data.groups || {});
  const apply = () => {
    for (const [key, name] of Object.entries(window.__flAriaGroups)) {
      document.querySelectorAll(".st-key-" + key).forEach((box) => {
        if (box.getAttribute("role") !== "group") { box.setAttribute("role", "group"); }
        if (box.getAttribute("aria-label") !== name) { box.setAttribute("aria-label", name); }
      });
    }
    document.querySelectorAll('[data-testid="stProgress"]').forEach((bar) => {
      const text = bar.querySelector('[data-testid="stMarkdownContainer"]');
      const meter = bar.querySelector('[role="progressbar"]');
      const name = text ? text.innerText.trim() : "";
      if (meter && name && meter.getAttribute("aria-label") !== name) { meter.setAttribute("aria-label", name); }
    });
    document.querySelectorAll('[class*="st-key-lesson-image-"]').forEach((box) => {
      const scrolls = box.scrollWidth > box.clientWidth + 1;
      if (scrolls && box.getAttribute("tabindex") !== "0") {
        const img = box.querySelector("img");
        box.setAttribute("tabindex", "0");
        box.setAttribute("role", "region");
        box.setAttribute("aria-label", "Picture, scrolls sideways: " + (img ? img.getAttribute("alt") || "" : ""));
      } else if (!scrolls && box.hasAttribute("tabindex")) {
        box.removeAttribute("tabindex"); box.removeAttribute("role"); box.removeAttribute("aria-label");
      }
    });
  };
  if (!window.__flAriaResize) {
    window.__flAriaResize = true;
    window.addEventListener("resize", () => window.requestAnimationFrame(apply));
  }
  if (!window.__flAriaObserver) {
    let queued = false;
    window.__flAriaObserver = new MutationObserver(() => {
      if (queued) { return; }
      queued = true;
      window.requestAnimationFrame(() => { queued = false; apply(); });
    });
    window.__flAriaObserver.observe(document.body, {
      subtree: true, childList: true, attributes: true, attributeFilter: ["aria-label"],
    });
  }
  apply();
}
"""
_component = st.components.v2.component("aria_names", js=_JS)
_GROUPS = "aria:groups"


def group_key(widget_key: str) -> str:
    """A container key for the group of inputs under `widget_key` (a CSS-safe class name)."""
    return "grp-" + hashlib.sha1(widget_key.encode()).hexdigest()[:12]  # noqa: S324 - a name, not security


def name_group(container_key: str, name: str) -> None:
    """Name the keyed container as a group of inputs (called while the page draws it)."""
    st.session_state.setdefault(_GROUPS, {})[container_key] = name


def apply() -> None:
    """For app.py, after the page: draw the script with this run's groups."""
    groups = st.session_state.pop(_GROUPS, {})
    _component(key="aria-names", data={"groups": groups}, height=0)
