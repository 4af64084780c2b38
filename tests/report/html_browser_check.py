#!/usr/bin/env python3
"""Checks a report as headless Chromium rendered it (its --dump-dom output).

Usage: html_browser_check.py DOM CONSOLE_LOG CHART=SERIES...

Every chart canvas must have been drawn (data-rendered="true") with data
points, each CHART named on the command line must be there with exactly the
series SERIES ("a|b|c"; "*" for any), the page's error list must be empty, and
the browser's log must show no console message.
"""
import re
import sys
from html.parser import HTMLParser


class Page(HTMLParser):
    def __init__(self):
        super().__init__()
        self.canvases = []
        self.errors = []
        self.in_errors = False
        self.body = {}

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "canvas":
            self.canvases.append(a)
        elif tag == "body":
            self.body = a
        elif tag == "ul" and a.get("id") == "errors":
            self.in_errors = True
        elif tag == "li" and self.in_errors:
            self.errors.append("")

    def handle_endtag(self, tag):
        if tag == "ul":
            self.in_errors = False

    def handle_data(self, data):
        if self.in_errors and self.errors:
            self.errors[-1] += data


def main():
    dom_path, log_path, *expected = sys.argv[1:]
    page = Page()
    page.feed(open(dom_path, encoding="utf-8").read())
    problems = []
    if page.body.get("data-charts-done") != "true":
        problems.append("the page's script did not finish (no data-charts-done on <body>)")
    problems += ["page error: " + e for e in page.errors]
    if not page.canvases:
        problems.append("no chart canvas in the page")
    for c in page.canvases:
        name = c.get("id")
        if c.get("data-rendered") != "true":
            problems.append(f"{name}: not drawn (data-rendered={c.get('data-rendered')!r})")
        if int(c.get("data-points") or 0) <= 0:
            problems.append(f"{name}: no data points")
    by_kind = {}
    for c in page.canvases:
        by_kind.setdefault(c.get("data-chart"), []).append(c)
    for item in expected:
        kind, series = item.split("=", 1)
        found = by_kind.get(kind, [])
        if not found:
            problems.append(f"{kind}: no such chart (charts: {sorted(by_kind)})")
        for c in found:
            if series != "*" and c.get("data-series") != series:
                problems.append(f"{c.get('id')}: series {c.get('data-series')!r}, expected {series!r}")
    # Chromium logs the page's console as "...:CONSOLE(line)] message".
    for line in open(log_path, encoding="utf-8", errors="replace"):
        if re.search(r":CONSOLE[:(]|Uncaught", line):
            problems.append("console: " + line.strip())
    for p in problems:
        print(f"{dom_path}: {p}")
    if not problems:
        print(f"{dom_path}: {len(page.canvases)} charts drawn, no errors")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
