"""What the desktop sees of the installed program: its menu entry, the ``.nianbao`` file type,
its icons, and the maintainer scripts that refresh the desktop's caches of them.

The texts follow the freedesktop.org specifications (Desktop Entry, shared-mime-info,
the hicolor icon theme); the test checks them with desktop-file-validate and
update-mime-database where those tools are installed.
"""

from __future__ import annotations

MIME_TYPE = "application/x-govreport-draft"
APP_ID = "govreport"  # desktop entry govreport.desktop, icon govreport
NAME = "政府信息公开年报填报"

DESKTOP_ENTRY = f"""\
[Desktop Entry]
Type=Application
Version=1.0
Name={NAME}
Name[zh_CN]={NAME}
GenericName=Government information disclosure annual report
GenericName[zh_CN]=政府信息公开工作年度报告
Comment=Fill in, check, review and export the annual report on government information disclosure
Comment[zh_CN]=填写、校验、审核并导出政府信息公开工作年度报告统计表
Exec=govreport-gui %f
Icon={APP_ID}
Terminal=false
Categories=Office;
MimeType={MIME_TYPE};
Keywords=report;government;disclosure;nianbao;
Keywords[zh_CN]=年报;政府信息公开;统计表;填报;
"""

# A draft is an SQLite database whose header carries our application_id "NBBG" at offset 68
# (core/store/draft_schema.py: APPLICATION_ID, PRAGMA application_id); a renamed draft is still
# recognised, and a .nianbao that is not one of ours is not claimed by the magic.
MIME_XML = f"""\
<?xml version="1.0" encoding="UTF-8"?>
<mime-info xmlns="http://www.freedesktop.org/standards/shared-mime-info">
  <mime-type type="{MIME_TYPE}">
    <comment>Government information disclosure annual report draft</comment>
    <comment xml:lang="zh_CN">政府信息公开年报草稿</comment>
    <sub-class-of type="application/vnd.sqlite3"/>
    <generic-icon name="x-office-spreadsheet"/>
    <glob pattern="*.nianbao"/>
    <magic priority="80">
      <match type="string" offset="0" value="SQLite format 3">
        <match type="big32" offset="68" value="0x4E424247"/>
      </match>
    </magic>
  </mime-type>
</mime-info>
"""

# The hicolor sizes the icon files come in (resources/icons/govreport-N.png, made by
# packaging/render_icons.py); each is installed as the program's icon and the file type's.
ICON_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)
MIME_ICON = MIME_TYPE.replace("/", "-")  # application-x-govreport-draft


def icon_paths(size: int) -> tuple[str, str]:
    """Where the icon of ``size`` pixels goes: as the program's and as the file type's."""
    folder = f"usr/share/icons/hicolor/{size}x{size}"
    return f"{folder}/apps/{APP_ID}.png", f"{folder}/mimetypes/{MIME_ICON}.png"


# postinst and postrm: the desktop's caches of menu entries, MIME types and icons are rebuilt
# after installing and after removing, each only where its tool is installed (a server without a
# desktop has none of them); a failure there must not fail the installation. Debian's packages of
# these tools also do it by dpkg triggers; systems without the triggers need the scripts.
REFRESH_CACHES = """\
#!/bin/sh
set -e
if command -v update-desktop-database >/dev/null 2>&1; then
    update-desktop-database -q /usr/share/applications || true
fi
if command -v update-mime-database >/dev/null 2>&1; then
    update-mime-database /usr/share/mime || true
fi
if command -v gtk-update-icon-cache >/dev/null 2>&1 && [ -f /usr/share/icons/hicolor/index.theme ]; then
    gtk-update-icon-cache -q -t -f /usr/share/icons/hicolor || true
fi
exit 0
"""
