"""What the macOS .app is: the arguments of PyInstaller's ``BUNDLE`` in packaging/govreport.spec.

Kept apart from the spec (issue 15 part 1 writes the spec, part 2 the macOS package), which uses
it on macOS as::

    sys.path.insert(0, str(PACKAGING / "macos"))
    from bundle_info import bundle_arguments
    app = BUNDLE(coll, **bundle_arguments(ROOT, VERSION))  # noqa: F821

Two settings matter beyond the names, both because the COLLECT holds two programs with the
command line first: ``CFBundleExecutable`` must name the window (PyInstaller takes the first
program, which would make a double-click run the command line), and ``LSBackgroundOnly`` must be
off (PyInstaller sets it when that first program is a console one, and the app would then show
no window, no Dock icon and no menu bar).
"""

from __future__ import annotations

from pathlib import Path

APP_NAME = "govreport.app"  # ASCII: shell scripts, hdiutil and support calls all name it
DISPLAY_NAME = "政府信息公开年报填报"  # what the Dock and the menu bar show
# Reverse-DNS names: placeholders until the project has a domain of its own; a Developer ID
# signature later binds to BUNDLE_ID, so choose before the first signed release.
BUNDLE_ID = "org.govreport.govreport"
DRAFT_TYPE_ID = "org.govreport.nianbao"
GUI_PROGRAM = "govreport-gui"
# Qt 6.11 supports macOS 13 (Ventura) and later.
MINIMUM_MACOS = "13.0"


def info_plist(version: str) -> dict[str, object]:
    """Info.plist entries, merged by PyInstaller over its own defaults."""
    return {
        "CFBundleName": DISPLAY_NAME,
        "CFBundleDisplayName": DISPLAY_NAME,
        "CFBundleExecutable": GUI_PROGRAM,
        "CFBundleShortVersionString": version,
        "CFBundleVersion": version,
        "CFBundleDevelopmentRegion": "zh_CN",
        "LSBackgroundOnly": False,
        "LSMinimumSystemVersion": MINIMUM_MACOS,
        "NSHighResolutionCapable": True,
        "NSHumanReadableCopyright": "govreport developers, MIT License",
        # .nianbao drafts: our own type (an SQLite file, but only we open it), opened by us.
        "UTExportedTypeDeclarations": [
            {
                "UTTypeIdentifier": DRAFT_TYPE_ID,
                "UTTypeDescription": "政府信息公开年报草稿",
                "UTTypeConformsTo": ["public.data"],
                "UTTypeIconFile": "govreport.icns",
                "UTTypeTagSpecification": {"public.filename-extension": ["nianbao"]},
            }
        ],
        "CFBundleDocumentTypes": [
            {
                "CFBundleTypeName": "政府信息公开年报草稿",
                "CFBundleTypeRole": "Editor",
                "LSHandlerRank": "Owner",
                "LSItemContentTypes": [DRAFT_TYPE_ID],
                "CFBundleTypeIconFile": "govreport.icns",
            }
        ],
    }


def bundle_arguments(root: Path, version: str) -> dict[str, object]:
    """Keyword arguments of ``BUNDLE(coll, ...)``; ``root`` is the checkout."""
    return {
        "name": APP_NAME,
        "icon": str(root / "resources" / "icons" / "govreport.icns"),
        "bundle_identifier": BUNDLE_ID,
        "version": version,
        "info_plist": info_plist(version),
    }
