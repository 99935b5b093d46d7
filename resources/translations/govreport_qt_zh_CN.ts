<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<!--
  Qt's own words that Qt's Simplified Chinese catalogue (qtbase_zh_CN.qm) does not have: Qt 6
  gave these texts a keyboard mnemonic ("&Look in:"), and the catalogue still has only the old
  text ("Look in:"). Loaded after qtbase_zh_CN by govreport_gui/gui/qt_translations.py.
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
</context>
</TS>
