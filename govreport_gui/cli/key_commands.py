"""``govreport keys``: the reviewer's signing key and the office's trusted list.

``keys show`` / ``export-public FILE`` / ``trust FILE`` / ``list`` / ``untrust FINGERPRINT`` /
``backup FILE`` / ``restore FILE [--force]`` / ``rename NAME``. The files are handled by
:mod:`govreport_gui.core.store.keys`; a file that cannot be used exits 2, a refused action 1.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from typing import Any, TextIO, TypeVar

from govreport_gui.argparse_zh import ChineseArgumentParser
from govreport_gui.cli.common import (
    EXIT_FAILED,
    EXIT_OK,
    EXIT_UNUSABLE,
    CliError,
    out_path,
    path_arg,
)
from govreport_gui.core.store import keys
from govreport_gui.core.timefmt import format_time


def register(commands: Any) -> None:
    parser = commands.add_parser(
        "keys",
        help="签名密钥：查看、导出公钥、受信任名单、备份与恢复",
        description=(
            "签发时用审核人自己的签名密钥（Ed25519）做数字签名。接收单位把审核人的公钥加入"
            "受信任名单后，show、check 会显示“签名有效，签名人受信任”。"
        ),
    )
    parser.set_defaults(handler=_help(parser))
    actions = parser.add_subparsers(
        dest="keys_command", metavar="操作", parser_class=ChineseArgumentParser
    )

    p = actions.add_parser("show", help="本机签名密钥的指纹（或说明尚未生成）")
    p.set_defaults(handler=cmd_show)
    p = actions.add_parser(
        "export-public", help="把本机公钥导出为文件（.govreport-key），交给接收单位"
    )
    p.add_argument(
        "file",
        metavar="FILE",
        type=out_path("沈涛.govreport-key"),
        help="要写入的公钥文件，如 沈涛.govreport-key",
    )
    p.set_defaults(handler=cmd_export_public)
    p = actions.add_parser("trust", help="把审核人的公钥文件加入受信任名单")
    p.add_argument(
        "file", metavar="FILE", type=path_arg, help="审核人导出的公钥文件（.govreport-key）"
    )
    p.set_defaults(handler=cmd_trust)
    p = actions.add_parser("list", help="列出受信任名单")
    p.set_defaults(handler=cmd_list)
    p = actions.add_parser("untrust", help="按指纹把密钥移出受信任名单")
    p.add_argument("fingerprint", metavar="FINGERPRINT", help="密钥指纹，如 3F2A 9C01 77BE 0D45")
    p.set_defaults(handler=cmd_untrust)
    p = actions.add_parser("backup", help="把本机签名密钥（含私钥）备份到文件，以便换电脑")
    p.add_argument(
        "file", metavar="FILE", type=out_path("签名密钥备份"), help="要写入的备份文件（不可已存在）"
    )
    p.set_defaults(handler=cmd_backup)
    p = actions.add_parser("restore", help="从备份文件恢复签名密钥")
    p.add_argument("file", metavar="FILE", type=path_arg, help="keys backup 写出的备份文件")
    p.add_argument("--force", action="store_true", help="本机已有另一把密钥时也覆盖它")
    p.set_defaults(handler=cmd_restore)
    p = actions.add_parser(
        "rename", help="改正本机签名密钥的姓名（第一次签发时写错了签发人的姓名）"
    )
    p.add_argument("name", metavar="NAME", help="正确的签发人姓名")
    p.set_defaults(handler=cmd_rename)


def _help(parser: argparse.ArgumentParser) -> Callable[[argparse.Namespace, TextIO], int]:
    def show_help(args: argparse.Namespace, out: TextIO) -> int:
        parser.print_help(out)
        return EXIT_UNUSABLE

    return show_help


def _fail(exc: keys.KeyFileError) -> CliError:
    return CliError(exc.message, EXIT_UNUSABLE if exc.unusable else EXIT_FAILED)


T = TypeVar("T")


def _keys(action: Callable[[], T]) -> T:
    """``action()``, a key file's problem turned into the command's message and exit code."""
    try:
        return action()
    except keys.KeyFileError as exc:
        raise _fail(exc) from exc


def cmd_show(args: argparse.Namespace, out: TextIO) -> int:
    pair = _keys(keys.load_own_key)
    if pair is None:
        out.write(
            "本机还没有签名密钥：第一次签发时自动生成（或用 govreport keys restore 恢复备份）。\n"
        )
        return EXIT_OK
    out.write(f"本机签名密钥指纹：{pair.fingerprint}\n")
    out.write(f"签发人：{pair.name}    生成时间：{format_time(pair.created)}\n")
    out.write(f"密钥文件：{keys.private_key_path()}\n")
    return EXIT_OK


def cmd_export_public(args: argparse.Namespace, out: TextIO) -> int:
    pair = _keys(lambda: keys.export_public(args.file))
    out.write(f"已导出公钥：{args.file}（{pair.name}，指纹 {pair.fingerprint}）\n")
    out.write(f"{keys.AFTER_EXPORT_PUBLIC}\n")
    return EXIT_OK


def cmd_trust(args: argparse.Namespace, out: TextIO) -> int:
    entry = _keys(lambda: keys.trust(args.file))
    out.write(f"已加入受信任名单：{entry.name}（指纹 {entry.fingerprint}）\n")
    return EXIT_OK


def cmd_list(args: argparse.Namespace, out: TextIO) -> int:
    entries = _keys(keys.trusted_keys)
    if not entries:
        out.write("受信任名单为空（用 govreport keys trust FILE 加入审核人的公钥）。\n")
        return EXIT_OK
    for entry in entries:
        out.write(f"{entry.fingerprint}\t{entry.name}\t加入于 {format_time(entry.added)}\n")
    return EXIT_OK


def cmd_untrust(args: argparse.Namespace, out: TextIO) -> int:
    removed = _keys(lambda: keys.untrust(args.fingerprint))
    if not removed:
        fingerprint = keys.typed_fingerprint(args.fingerprint)  # a fingerprint: untrust said so
        raise CliError(
            f"受信任名单中没有指纹为“{fingerprint}”的密钥（见 govreport keys list）。",
            EXIT_FAILED,
        )
    for entry in removed:
        out.write(f"已移出受信任名单：{entry.name}（指纹 {entry.fingerprint}）\n")
    return EXIT_OK


def cmd_backup(args: argparse.Namespace, out: TextIO) -> int:
    pair = _keys(lambda: keys.backup(args.file))
    out.write(f"已备份签名密钥（指纹 {pair.fingerprint}）：{args.file}\n")
    out.write(f"{keys.AFTER_BACKUP}\n")
    return EXIT_OK


def cmd_restore(args: argparse.Namespace, out: TextIO) -> int:
    pair, note = _keys(lambda: keys.restore_noting(args.file, force=args.force))
    out.write(f"已恢复签名密钥：{pair.name}（指纹 {pair.fingerprint}）\n")
    if note:
        out.write(f"{note}\n")
    return EXIT_OK


def cmd_rename(args: argparse.Namespace, out: TextIO) -> int:
    pair, old = _keys(lambda: keys.rename_own_key(args.name))
    if not old:
        out.write(f"本机签名密钥的姓名已是{pair.name}，没有更改。\n")
        return EXIT_OK
    out.write(
        f"已把本机签名密钥的姓名由{old}改为{pair.name}（同一把密钥，指纹 {pair.fingerprint} 不变）。\n"
    )
    how = ("（govreport keys export-public FILE）", "（govreport keys backup FILE）")
    out.write(f"{keys.after_rename(old, pair.name, *how)}\n")
    return EXIT_OK
