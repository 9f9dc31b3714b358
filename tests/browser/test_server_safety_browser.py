"""The hardened app in Chromium: the security policy is sent and enforced, and the page works
under it (no policy violation, no console error)."""
from __future__ import annotations

from playwright.sync_api import Page, expect


def test_content_security_policy_is_enforced_and_the_page_works_under_it(page: Page, app_server):
    base, lb, _ = app_server
    errors = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    response = page.goto(base + "/?view=scores")
    assert "frame-ancestors 'none'" in response.headers["content-security-policy"]
    assert response.headers["x-content-type-options"] == "nosniff"
    expect(page.locator(".ag-center-cols-container .ag-row").first).to_be_visible(timeout=15_000)
    expect(page.locator("#trend-chart .main-svg").first).to_be_attached(timeout=15_000)
    injected = page.evaluate("""() => { const s = document.createElement('script');
        s.textContent = 'window.__injected = 1'; document.body.appendChild(s); return window.__injected || 0; }""")
    assert injected == 0
    assert not [e for e in errors if "Content Security Policy" not in e]
