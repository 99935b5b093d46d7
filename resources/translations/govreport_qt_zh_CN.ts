<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<!--
  Qt's own words that Qt's Simplified Chinese catalogue (qtbase_zh_CN.qm) does not have: Qt 6
  gave some texts a keyboard mnemonic ("&Look in:") or split a message in two ("%1 already
  exists." / "Do you want to replace it?"), and the catalogue still has only the old text.
  Loaded after qtbase_zh_CN by govreport_gui/gui/qt_translations.py.
  Compile after a change:  pyside6-lrelease govreport_qt_zh_CN.ts -qm govreport_qt_zh_CN.qm
-->
<TS version="2.1" language="zh_CN">
<context>
    <name>QFileDialog</name>
    <message>
        <source>&amp;Look in:</source>
        <translation>查找范围(&amp;L)：</translation>
    </message>
    <message>
        <source>Files of &amp;type:</source>
        <translation>文件类型(&amp;T)：</translation>
    </message>
    <message>
        <source>%1 already exists.</source>
        <translation>%1 已存在。</translation>
    </message>
    <message>
        <source>Do you want to replace it?</source>
        <translation>要替换它吗？</translation>
    </message>
    <message>
        <source>Directory not found.</source>
        <translation>找不到这个文件夹。</translation>
    </message>
    <message>
        <source>Please verify the correct directory name was given.</source>
        <translation>请检查文件夹名称是否正确。</translation>
    </message>
    <message>
        <source>File not found.</source>
        <translation>找不到这个文件。</translation>
    </message>
    <message>
        <source>Please verify the correct file name was given.</source>
        <translation>请检查文件名是否正确。</translation>
    </message>
    <message>
        <source>&apos;%1&apos; is write protected.</source>
        <translation>“%1”有写保护。</translation>
    </message>
    <message>
        <source>Do you want to delete it anyway?</source>
        <translation>仍要删除它吗？</translation>
    </message>
</context>
<context>
    <name>QTabBar</name>
    <message>
        <source>Close Tab</source>
        <translation>关闭标签页</translation>
    </message>
</context>
<context>
    <name>QPrintSettingsOutput</name>
    <message>
        <source>Page &amp;Set:</source>
        <translation>页面组(&amp;S)：</translation>
    </message>
</context>
<context>
    <name>QPageSetupWidget</name>
    <message>
        <source>Pages &amp;per sheet:</source>
        <translation>每张页数(&amp;P)：</translation>
    </message>
    <message>
        <source>Page &amp;order:</source>
        <translation>页面顺序(&amp;O)：</translation>
    </message>
</context>
<context>
    <name>QCupsJobWidget</name>
    <message>
        <source>Scheduled &amp;printing:</source>
        <translation>计划打印(&amp;P)：</translation>
    </message>
    <message>
        <source>&amp;Billing information:</source>
        <translation>账单信息(&amp;B)：</translation>
    </message>
    <message>
        <source>Job &amp;priority:</source>
        <translation>任务优先级(&amp;P)：</translation>
    </message>
    <message>
        <source>&amp;Start:</source>
        <translation>开始(&amp;S)：</translation>
    </message>
    <message>
        <source>&amp;End:</source>
        <translation>结束(&amp;E)：</translation>
    </message>
</context>
</TS>
