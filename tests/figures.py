"""Figures a test measures (sizes, timings), shown at the end of every run, passed or not.

pytest hides a passing test's output, and ``-n 2`` runs the tests in workers whose output the
main process never prints; so a test hands its lines to the ``figures`` fixture, which keeps them
in the test's ``user_properties`` (sent to the main process with each report, also by
pytest-xdist), and the run's summary prints them under "figures measured by the tests".
"""

from __future__ import annotations

from collections.abc import Callable

import pytest

KEY = "govreport-figure"
_seen: dict[str, list[str]] = {}  # test id → its lines, in the main process


@pytest.fixture
def figures(request: pytest.FixtureRequest) -> Callable[[str], None]:
    """``figures("folder 175.1 MB")``: a line for the run's summary."""

    def record(line: str) -> None:
        request.node.user_properties.append((KEY, line))

    return record


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    if report.when == "teardown":  # by then the test has recorded everything
        lines = [str(value) for key, value in report.user_properties if key == KEY]
        if lines:
            _seen[report.nodeid] = lines


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    if not _seen:
        return
    terminalreporter.write_sep("-", "figures measured by the tests")
    for nodeid, lines in _seen.items():
        terminalreporter.write_line(nodeid.split("::")[-1] + ":")
        for line in lines:
            terminalreporter.write_line(f"  {line}")
