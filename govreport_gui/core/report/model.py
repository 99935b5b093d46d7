"""The shapes shared by everything that reads or writes the report's text (issue 16).

* :class:`SectionDef` — a section of the report as the form file defines it (``[[sections]]``):
  its heading, whether it holds text or tables, and the official guidance quoted for it.
* :class:`ReportSection` — a section as one draft has it: the heading in force (a 2014 draft may
  rename, add or remove sections) and its text.
* :class:`ReportText` — the whole report in reading order, what the exports (Word, PDF, web page)
  and the 报告正文 view are given: the title, the sections (the preface is the section with the id
  ``preface`` and no heading) and the 落款 (the unit and the date).

Text is stored as typed, paragraphs separated by ``"\\n"``; a figure inserted from a table is the
token ``{{CELL_ID}}`` (:mod:`.figures`), turned into the cell's number when shown or exported.
"""

from __future__ import annotations

# Defined in core.forms (the bottom layer, whose FormDef holds the sections) and re-exported here.
from govreport_gui.core.forms.sections import PREFACE as PREFACE
from govreport_gui.core.forms.sections import SECTION_KINDS as SECTION_KINDS
from govreport_gui.core.forms.sections import TABLE as TABLE
from govreport_gui.core.forms.sections import TEXT as TEXT
from govreport_gui.core.forms.sections import Guidance as Guidance
from govreport_gui.core.forms.sections import ReportSection as ReportSection
from govreport_gui.core.forms.sections import ReportText as ReportText
from govreport_gui.core.forms.sections import SectionDef as SectionDef
from govreport_gui.core.forms.sections import heading_for_year as heading_for_year
