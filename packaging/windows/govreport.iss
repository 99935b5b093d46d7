; Inno Setup 6.5+ script: the Windows installer of govreport (政府信息公开年报填报).
;
; Built by packaging/windows/installer.py (called by packaging/build.py on Windows), which runs
;   iscc /DAppVersion=0.1.0 /DBundleDir=...\dist\govreport /DOutputDir=...\dist govreport.iss
; BundleDir is PyInstaller's one-folder bundle (govreport.exe, govreport-gui.exe, _internal\).
;
; - Per user, without administrator rights: PrivilegesRequired=lowest and no override, so the
;   program goes to %LOCALAPPDATA%\Programs\govreport ({userpf}), the shortcuts to the user's own
;   Start menu, and the file association to HKCU\Software\Classes. A clerk whose computer is
;   locked down (no admin rights, the usual case in a county office) can install it.
; - In Chinese: Inno Setup 6.5 ships ChineseSimplified.isl among its official translations
;   (before 6.5 it was an unofficial, separately downloaded file); installer.py checks that the
;   installed Inno Setup has it and stops with a clear message if not. Our own lines (the task
;   and shortcut texts below) are written here in Chinese.
; - This file is UTF-8 with a byte-order mark: without it Inno Setup reads a script in the
;   system's ANSI code page (1252 on the CI runner), and the Chinese would come out garbled.
; - Uninstalling removes the program, its shortcuts and the association, never the user's
;   drafts and settings: those live in the user's own folders (platformdirs), not in {app}.

#ifndef AppVersion
  #error 请用 /DAppVersion=版本号 给出版本（packaging/windows/installer.py 会给出）
#endif
#ifndef BundleDir
  #error 请用 /DBundleDir=文件夹 给出 PyInstaller 生成的程序文件夹
#endif
#ifndef OutputDir
  #define OutputDir SourcePath + "..\..\dist"
#endif

#define AppName "政府信息公开年报填报"
#define GuiExe "govreport-gui.exe"
#define ProgId "govreport.nianbao"
#define Icons SourcePath + "..\..\resources\icons"

[Setup]
; The AppId ties upgrades and the uninstaller to this program: never change it.
AppId={{32344BA3-495A-4132-87CC-A38A7956CB79}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher=govreport developers
AppCopyright=MIT License
DefaultDirName={userpf}\govreport
DisableProgramGroupPage=yes
PrivilegesRequired=lowest
; Qt 6 runs on 64-bit Windows 10 1809 (build 17763) and later only.
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
MinVersion=10.0.17763
ChangesAssociations=yes
SetupIconFile={#Icons}\govreport.ico
UninstallDisplayIcon={app}\{#GuiExe}
UninstallDisplayName={#AppName}
OutputDir={#OutputDir}
OutputBaseFilename=govreport-{#AppVersion}-windows-x64-setup
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
ShowLanguageDialog=no
CloseApplications=yes

[Languages]
Name: "chinesesimplified"; MessagesFile: "compiler:Languages\ChineseSimplified.isl"

[CustomMessages]
chinesesimplified.AssocTask=双击 .nianbao 草稿文件时用本程序打开
chinesesimplified.AssocGroup=文件关联：
chinesesimplified.DraftType=政府信息公开年报草稿
chinesesimplified.ShortcutComment=填写、校验、审核并导出政府信息公开工作年度报告

[Tasks]
Name: "association"; Description: "{cm:AssocTask}"; GroupDescription: "{cm:AssocGroup}"
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[Files]
Source: "{#BundleDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{userprograms}\{#AppName}"; Filename: "{app}\{#GuiExe}"; Comment: "{cm:ShortcutComment}"
Name: "{userdesktop}\{#AppName}"; Filename: "{app}\{#GuiExe}"; Comment: "{cm:ShortcutComment}"; Tasks: desktopicon

[Registry]
; .nianbao → our ProgID, which opens a draft with the window; each key goes with the uninstaller.
Root: HKCU; Subkey: "Software\Classes\.nianbao"; ValueType: string; ValueName: ""; ValueData: "{#ProgId}"; Flags: uninsdeletevalue; Tasks: association
Root: HKCU; Subkey: "Software\Classes\.nianbao\OpenWithProgids"; ValueType: string; ValueName: "{#ProgId}"; ValueData: ""; Flags: uninsdeletevalue; Tasks: association
Root: HKCU; Subkey: "Software\Classes\{#ProgId}"; ValueType: string; ValueName: ""; ValueData: "{cm:DraftType}"; Flags: uninsdeletekey; Tasks: association
Root: HKCU; Subkey: "Software\Classes\{#ProgId}\DefaultIcon"; ValueType: string; ValueName: ""; ValueData: "{app}\{#GuiExe},0"; Tasks: association
Root: HKCU; Subkey: "Software\Classes\{#ProgId}\shell\open\command"; ValueType: string; ValueName: ""; ValueData: """{app}\{#GuiExe}"" ""%1"""; Tasks: association
; Windows lists the program under 打开方式 from Applications\{#GuiExe}: the uninstaller removes that
; whole key (the entry naming it, with every subkey), not only SupportedTypes, which would leave
; an empty Applications\{#GuiExe} behind.
Root: HKCU; Subkey: "Software\Classes\Applications\{#GuiExe}"; Flags: uninsdeletekey
Root: HKCU; Subkey: "Software\Classes\Applications\{#GuiExe}\SupportedTypes"; ValueType: string; ValueName: ".nianbao"; ValueData: ""

[Run]
Filename: "{app}\{#GuiExe}"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: nowait postinstall skipifsilent
