; The Windows installer of Sekisho (関所), Japanese and English.
;
; Built by `go run ./tools/task package windows` (tools/task/package.go),
; which runs makensis (NSIS 3) with:
;   -DVERSION=…          the stamped version (git describe), e.g. v1.2.0-3-gabc1234
;   -DVERSION_NUMERIC=…  its numeric form for Windows, e.g. 1.2.0.3
;   -DEXE=…              the sekisho.exe to install (icon, version, manifest inside)
;   -DICON=…             the icon of installer and uninstaller (.ico)
;   -DOUTFILE=…          where to write the installer
;   (-DTARGET=amd64-unicode: see below)
;
; What it does, as an administrator (docs/operations.md, "The Windows
; installer"):
;   - copies sekisho.exe to $PROGRAMFILES64\Sekisho, with uninstall.exe;
;   - registers the service (`sekisho.exe service install`) and starts it; an
;     upgrade stops the service, replaces the binary and starts it again,
;     keeping the service's recorded flags;
;   - adds inbound Windows Firewall rules, private profile only, for
;     sekisho.exe on the portal (7443), gateway (8443) and download (7080)
;     ports;
;   - creates the Start-menu shortcut of the window, for all users, marked
;     Run as administrator;
;   - registers itself in Settings › Apps (Programs and Features).
; The uninstaller undoes all of it and keeps the data folder
; (%ProgramData%\Sekisho: the CA and its keys, the database) unless the
; person ticks the box that deletes it.

!ifdef TARGET
  ; -DTARGET=amd64-unicode makes a 64-bit installer, which runs under
  ; wine64 (to try the script on Linux). The release uses the default x86
  ; stub, which runs on every 64-bit Windows and can say that it needs one.
  Target "${TARGET}"
!endif
Unicode true
ManifestDPIAware true
RequestExecutionLevel admin
SetCompressor /SOLID lzma

!include "MUI2.nsh"
!include "LogicLib.nsh"
!include "nsDialogs.nsh"
!include "x64.nsh"
!include "WinVer.nsh"
!include "FileFunc.nsh"

!ifndef VERSION | VERSION_NUMERIC | EXE | ICON | OUTFILE
  !error "build with: go run ./tools/task package windows (it defines VERSION, VERSION_NUMERIC, EXE, ICON and OUTFILE)"
!endif

!define PRODUCT "関所 Sekisho"
!define PUBLISHER "Sekisho"
!define REGKEY "Software\Sekisho"
!define UNINSTKEY "Software\Microsoft\Windows\CurrentVersion\Uninstall\Sekisho"
; The mutex of the window's single-instance lock: Wails v2 names it
; "wails-app-" + options.SingleInstanceLock.UniqueId + "sim"
; (internal/frontend/desktop/windows/single_instance.go); desktop.go sets
; UniqueId to jp.sekisho.desktop.
!define WINDOW_MUTEX "wails-app-jp.sekisho.desktopsim"
; Firewall rule names: fixed, not translated, so that the uninstaller finds
; them whatever language either ran in.
!define FW_PORTAL "Sekisho portal (TCP 7443)"
!define FW_GATEWAY "Sekisho gateway (TCP 8443)"
!define FW_DOWNLOAD "Sekisho download (TCP 7080)"
; The 64-bit netsh: a 32-bit installer sees SysWOW64 as System32, and reaches
; the real one as Sysnative.
!if ${NSIS_PTR_SIZE} > 4
  !define NETSH "$SYSDIR\netsh.exe"
!else
  !define NETSH "$WINDIR\Sysnative\netsh.exe"
!endif

Name "${PRODUCT}"
OutFile "${OUTFILE}"
InstallDir "$PROGRAMFILES64\Sekisho"
InstallDirRegKey HKLM "${REGKEY}" "InstallDir"
BrandingText "${PRODUCT} ${VERSION}"
ShowInstDetails show
ShowUninstDetails show

Var DataDir
Var DeleteDataBox
Var DeleteData

; ---------------------------------------------------------------- interface

!define MUI_ICON "${ICON}"
!define MUI_UNICON "${ICON}"
!define MUI_ABORTWARNING
!define MUI_UNABORTWARNING
; The language asked first is kept for the uninstaller.
!define MUI_LANGDLL_REGISTRY_ROOT HKLM
!define MUI_LANGDLL_REGISTRY_KEY "${REGKEY}"
!define MUI_LANGDLL_REGISTRY_VALUENAME "InstallerLanguage"
!define MUI_LANGDLL_ALLLANGUAGES
!define MUI_LANGDLL_WINDOWTITLE "${PRODUCT}"
!define MUI_LANGDLL_INFO "言語を選んでください。$\r$\nPlease select a language."

!define MUI_WELCOMEPAGE_TEXT "$(WelcomeText)"
!insertmacro MUI_PAGE_WELCOME
!insertmacro MUI_PAGE_DIRECTORY
!insertmacro MUI_PAGE_INSTFILES
!define MUI_FINISHPAGE_TEXT "$(FinishText)"
!define MUI_FINISHPAGE_TEXT_LARGE
; Opened with the installer's administrator rights, as the shortcut opens
; it (see WINDOW_AS_ADMIN).
!define MUI_FINISHPAGE_RUN "$INSTDIR\sekisho.exe"
!define MUI_FINISHPAGE_RUN_TEXT "$(FinishRun)"
!insertmacro MUI_PAGE_FINISH

!insertmacro MUI_UNPAGE_CONFIRM
UninstPage custom un.DataPage un.DataPageLeave
!insertmacro MUI_UNPAGE_INSTFILES

; The first language is the one used where Windows speaks neither.
!insertmacro MUI_LANGUAGE "English"
!insertmacro MUI_LANGUAGE "Japanese"

; ---------------------------------------------------------------- texts

LangString WelcomeText ${LANG_ENGLISH} "This installs ${PRODUCT} ${VERSION} and sets it up as the office's gatekeeper:$\r$\n$\r$\n- the Sekisho service, which starts with Windows and runs with no one signed in (data: $DataDir);$\r$\n- Windows Firewall rules for the portal (7443), gateway (8443) and download (7080) ports, on private networks only;$\r$\n- a Start-menu shortcut to the admin window.$\r$\n$\r$\nClick Next to continue."
LangString WelcomeText ${LANG_JAPANESE} "${PRODUCT} ${VERSION} をインストールし、社内の関所として使えるように設定します。$\r$\n$\r$\n・関所サービス: Windows の起動時に始まり、だれもサインインしていなくても動きます (データ: $DataDir)$\r$\n・Windows ファイアウォールの規則: ポータル (7443)、ゲートウェイ (8443)、ダウンロード (7080) のポートを、プライベート ネットワークに限って開きます$\r$\n・スタート メニューに管理画面のショートカット$\r$\n$\r$\n続けるには [次へ] をクリックしてください。"
LangString FinishText ${LANG_ENGLISH} "${PRODUCT} is installed as a Windows service that starts with Windows.$\r$\n$\r$\nOther devices can connect only while Windows treats this network as Private: the firewall rules are for private networks."
LangString FinishText ${LANG_JAPANESE} "${PRODUCT} を Windows サービスとしてインストールしました。$\r$\n$\r$\nほかの端末から接続できるのは、Windows がこのネットワークを「プライベート」として扱っているときだけです (ファイアウォールの規則はプライベート ネットワーク用です)。"
LangString FinishRun ${LANG_ENGLISH} "Open ${PRODUCT}"
LangString FinishRun ${LANG_JAPANESE} "${PRODUCT} を開く"
LangString Need64Bit ${LANG_ENGLISH} "${PRODUCT} needs 64-bit Windows 10 or later."
LangString Need64Bit ${LANG_JAPANESE} "${PRODUCT} には 64 ビット版の Windows 10 以降が必要です。"
LangString WindowOpen ${LANG_ENGLISH} "The ${PRODUCT} window is open. Close it, then click Retry."
LangString WindowOpen ${LANG_JAPANESE} "${PRODUCT} のウィンドウが開いています。ウィンドウを閉じてから [再試行] をクリックしてください。"
LangString StoppingService ${LANG_ENGLISH} "Stopping the Sekisho service to replace it…"
LangString StoppingService ${LANG_JAPANESE} "更新のため関所サービスを停止しています…"
LangString ServiceFailed ${LANG_ENGLISH} "The Sekisho service could not be set up (sekisho.exe service $0 exited with $1; the details are in the list below). The files are installed: from a Command Prompt opened with $\"Run as administrator$\", run:$\r$\n$\"$INSTDIR\sekisho.exe$\" service install$\r$\n$\"$INSTDIR\sekisho.exe$\" service start"
LangString ServiceFailed ${LANG_JAPANESE} "関所サービスを設定できませんでした (sekisho.exe service $0 の終了コード $1。詳しくは下の一覧を見てください)。ファイルはインストールされています。「管理者として実行」で開いたコマンド プロンプトで次を実行してください:$\r$\n$\"$INSTDIR\sekisho.exe$\" service install$\r$\n$\"$INSTDIR\sekisho.exe$\" service start"
LangString FirewallFailed ${LANG_ENGLISH} "Could not add the Windows Firewall rule $\"$0$\" (netsh exited with $1)."
LangString FirewallFailed ${LANG_JAPANESE} "Windows ファイアウォールの規則「$0」を追加できませんでした (netsh の終了コード $1)。"
LangString WebView2Missing ${LANG_ENGLISH} "The Microsoft Edge WebView2 Runtime, which the ${PRODUCT} window needs, was not found. The service runs without it. Install the Evergreen WebView2 Runtime from Microsoft (search for $\"WebView2 Runtime download$\") before opening the window."
LangString WebView2Missing ${LANG_JAPANESE} "${PRODUCT} のウィンドウに必要な Microsoft Edge WebView2 ランタイムが見つかりません。サービスはこのランタイムなしで動きます。ウィンドウを開く前に、Microsoft のサイトから Evergreen 版の WebView2 ランタイムをインストールしてください (「WebView2 ランタイム ダウンロード」で検索)。"
LangString UnDataTitle ${LANG_ENGLISH} "Data folder"
LangString UnDataTitle ${LANG_JAPANESE} "データ フォルダー"
LangString UnDataSubtitle ${LANG_ENGLISH} "Keep or delete what Sekisho has stored."
LangString UnDataSubtitle ${LANG_JAPANESE} "関所が保存したデータを残すか削除するかを選びます。"
LangString UnDataText ${LANG_ENGLISH} "The data folder $DataDir holds the certificate authority and its keys, the users, certificates, rules and the access log. It is kept, so that a new installation carries on where this one stopped.$\r$\n$\r$\nDeleting it cannot be undone: without a backup every certificate issued so far must be issued and installed again on every device."
LangString UnDataText ${LANG_JAPANESE} "データ フォルダー $DataDir には、認証局とその鍵、利用者、証明書、規則、アクセス ログが入っています。再びインストールしたときにそのまま続けられるよう、このフォルダーは残します。$\r$\n$\r$\n削除すると元に戻せません。バックアップがなければ、これまでに発行したすべての証明書を発行し直し、すべての端末に入れ直すことになります。"
LangString UnDataCheckbox ${LANG_ENGLISH} "Also delete the data folder (the CA, its keys and every record)"
LangString UnDataCheckbox ${LANG_JAPANESE} "データ フォルダーも削除する (認証局・鍵・すべての記録)"
LangString UnDataDeleting ${LANG_ENGLISH} "Deleting the data folder $DataDir"
LangString UnDataDeleting ${LANG_JAPANESE} "データ フォルダー $DataDir を削除しています"
LangString UnDataKept ${LANG_ENGLISH} "The data folder $DataDir is kept."
LangString UnDataKept ${LANG_JAPANESE} "データ フォルダー $DataDir は残しました。"
LangString UnFileInUse ${LANG_ENGLISH} "$0 is still in use; it will be removed when Windows restarts."
LangString UnFileInUse ${LANG_JAPANESE} "$0 はまだ使われています。Windows の再起動時に削除されます。"

; Version information of the installer itself (the Details tab).
VIProductVersion "${VERSION_NUMERIC}"
VIFileVersion "${VERSION_NUMERIC}"
VIAddVersionKey /LANG=${LANG_ENGLISH} "ProductName" "${PRODUCT}"
VIAddVersionKey /LANG=${LANG_ENGLISH} "ProductVersion" "${VERSION}"
VIAddVersionKey /LANG=${LANG_ENGLISH} "FileVersion" "${VERSION_NUMERIC}"
VIAddVersionKey /LANG=${LANG_ENGLISH} "CompanyName" "${PUBLISHER}"
VIAddVersionKey /LANG=${LANG_ENGLISH} "LegalCopyright" "© ${PUBLISHER}"
VIAddVersionKey /LANG=${LANG_ENGLISH} "FileDescription" "Sekisho installer"
VIAddVersionKey /LANG=${LANG_ENGLISH} "OriginalFilename" "sekisho-windows-amd64-installer.exe"
VIAddVersionKey /LANG=${LANG_JAPANESE} "ProductName" "${PRODUCT}"
VIAddVersionKey /LANG=${LANG_JAPANESE} "ProductVersion" "${VERSION}"
VIAddVersionKey /LANG=${LANG_JAPANESE} "FileVersion" "${VERSION_NUMERIC}"
VIAddVersionKey /LANG=${LANG_JAPANESE} "CompanyName" "${PUBLISHER}"
VIAddVersionKey /LANG=${LANG_JAPANESE} "LegalCopyright" "© ${PUBLISHER}"
VIAddVersionKey /LANG=${LANG_JAPANESE} "FileDescription" "関所 インストーラー"
VIAddVersionKey /LANG=${LANG_JAPANESE} "OriginalFilename" "sekisho-windows-amd64-installer.exe"

; ---------------------------------------------------------------- helpers

; WaitWindowClosed asks, until it is closed or the person cancels, to close
; the window: its sekisho.exe cannot be replaced or deleted while it runs.
!macro WAIT_WINDOW_CLOSED UN
Function ${UN}WaitWindowClosed
  retry:
    ; SYNCHRONIZE (0x00100000): enough to see whether the mutex exists.
    System::Call 'kernel32::OpenMutexW(i 0x00100000, i 0, w "${WINDOW_MUTEX}") p .r0'
    ${If} $0 P<> 0
      System::Call 'kernel32::CloseHandle(p r0)'
      MessageBox MB_RETRYCANCEL|MB_ICONEXCLAMATION "$(WindowOpen)" /SD IDCANCEL IDRETRY retry
      Abort
    ${EndIf}
FunctionEnd
!macroend
!insertmacro WAIT_WINDOW_CLOSED ""
!insertmacro WAIT_WINDOW_CLOSED "un."

; SetDataDir sets $DataDir to the service's data folder, as `sekisho service
; install` chooses it: %ProgramData%\Sekisho.
!macro SET_DATA_DIR UN
Function ${UN}SetDataDir
  ReadEnvStr $DataDir "ProgramData"
  ${If} $DataDir == ""
    StrCpy $DataDir "C:\ProgramData"
  ${EndIf}
  StrCpy $DataDir "$DataDir\Sekisho"
FunctionEnd
!macroend
!insertmacro SET_DATA_DIR ""
!insertmacro SET_DATA_DIR "un."

; ServiceCommand runs `sekisho.exe service $0`, its output into the details
; list; $1 is the exit code.
Function ServiceCommand
  DetailPrint "sekisho.exe service $0"
  nsExec::ExecToLog '"$INSTDIR\sekisho.exe" service $0'
  Pop $1
FunctionEnd

; FirewallRule adds the inbound rule NAME for sekisho.exe on TCP PORT,
; private profile only, replacing an older rule of the same name.
!macro FIREWALL_RULE NAME PORT
  nsExec::Exec '"${NETSH}" advfirewall firewall delete rule name="${NAME}"'
  Pop $1
  DetailPrint 'netsh advfirewall firewall add rule name="${NAME}" … localport=${PORT} profile=private'
  nsExec::ExecToLog '"${NETSH}" advfirewall firewall add rule name="${NAME}" dir=in action=allow enable=yes profile=private protocol=TCP localport=${PORT} program="$INSTDIR\sekisho.exe"'
  Pop $1
  ${If} $1 != 0
    StrCpy $0 "${NAME}"
    DetailPrint "$(FirewallFailed)"
  ${EndIf}
!macroend

!macro FIREWALL_DELETE NAME
  DetailPrint 'netsh advfirewall firewall delete rule name="${NAME}"'
  nsExec::ExecToLog '"${NETSH}" advfirewall firewall delete rule name="${NAME}"'
  Pop $1
!macroend

; WINDOW_AS_ADMIN marks the shortcut LNK "Run as administrator" (the
; RunAsUser link flag, 0x2000, [MS-SHLLINK] 2.1.1: bit 5 of the byte at
; 0x15). The window is the console of the service: it attaches to the
; engine with the admin token in %ProgramData%\Sekisho\admin.token, which
; only SYSTEM and Administrators may read, so it needs an elevated start
; (one UAC prompt) to attach rather than ask.
!macro WINDOW_AS_ADMIN LNK
  ClearErrors
  FileOpen $0 "${LNK}" a
  ${IfNot} ${Errors}
    FileSeek $0 0x15 SET
    FileReadByte $0 $1
    IntOp $1 $1 | 0x20
    FileSeek $0 0x15 SET
    FileWriteByte $0 $1
    FileClose $0
  ${EndIf}
!macroend

; ---------------------------------------------------------------- install

; EnglishForChildren makes sekisho.exe print its messages in English into
; the details list: nsExec reads a program's output in the ANSI code page,
; and Japanese in UTF-8 would be garbled. (The service itself gets the
; system's environment, not this one.)
!macro ENGLISH_FOR_CHILDREN
  System::Call 'kernel32::SetEnvironmentVariable(t "LANG", t "en_US.UTF-8")'
!macroend

Function .onInit
  ${IfNot} ${RunningX64}
  ${OrIfNot} ${AtLeastBuild} 10240
    MessageBox MB_OK|MB_ICONSTOP "$(Need64Bit)" /SD IDOK
    Abort
  ${EndIf}
  SetRegView 64
  Call SetDataDir
  !insertmacro ENGLISH_FOR_CHILDREN
  !insertmacro MUI_LANGDLL_DISPLAY
FunctionEnd

Section "Sekisho" SecMain
  SectionIn RO
  SetShellVarContext all
  Call WaitWindowClosed

  ; An upgrade: the running service holds sekisho.exe; stop it, and keep its
  ; registration (with the flags it was installed with). $R0: new or
  ; upgrade; $R1: whether to start the service at the end (a new one, or
  ; one that was running; one the admin had stopped stays stopped).
  StrCpy $R0 "new"
  StrCpy $R1 "start"
  ${If} ${FileExists} "$INSTDIR\sekisho.exe"
    nsExec::ExecToStack '"$INSTDIR\sekisho.exe" service status'
    Pop $1
    Pop $2
    ${If} $1 == 0
      StrCpy $R0 "upgrade"
      StrCpy $2 $2 7
      ${If} $2 == "running"
        DetailPrint "$(StoppingService)"
        StrCpy $0 "stop"
        Call ServiceCommand
      ${Else}
        StrCpy $R1 "keep"
      ${EndIf}
    ${EndIf}
  ${EndIf}

  SetOutPath "$INSTDIR"
  File "/oname=sekisho.exe" "${EXE}"
  WriteUninstaller "$INSTDIR\uninstall.exe"

  WriteRegStr HKLM "${REGKEY}" "InstallDir" "$INSTDIR"
  ; MUI saves the language only when its pages run; a silent install too
  ; should leave the uninstaller its language.
  WriteRegStr HKLM "${REGKEY}" "InstallerLanguage" "$LANGUAGE"
  WriteRegStr HKLM "${UNINSTKEY}" "DisplayName" "${PRODUCT}"
  WriteRegStr HKLM "${UNINSTKEY}" "DisplayVersion" "${VERSION}"
  WriteRegStr HKLM "${UNINSTKEY}" "Publisher" "${PUBLISHER}"
  WriteRegStr HKLM "${UNINSTKEY}" "DisplayIcon" "$INSTDIR\sekisho.exe,0"
  WriteRegStr HKLM "${UNINSTKEY}" "InstallLocation" "$INSTDIR"
  WriteRegStr HKLM "${UNINSTKEY}" "UninstallString" '"$INSTDIR\uninstall.exe"'
  WriteRegStr HKLM "${UNINSTKEY}" "QuietUninstallString" '"$INSTDIR\uninstall.exe" /S'
  WriteRegDWORD HKLM "${UNINSTKEY}" "NoModify" 1
  WriteRegDWORD HKLM "${UNINSTKEY}" "NoRepair" 1
  ${GetSize} "$INSTDIR" "/S=0K" $0 $1 $2
  IntFmt $0 "0x%08X" $0
  WriteRegDWORD HKLM "${UNINSTKEY}" "EstimatedSize" "$0"

  ; The Start-menu shortcut of the window, for every user.
  CreateShortcut "$SMPROGRAMS\${PRODUCT}.lnk" "$INSTDIR\sekisho.exe" "" "$INSTDIR\sekisho.exe" 0
  !insertmacro WINDOW_AS_ADMIN "$SMPROGRAMS\${PRODUCT}.lnk"

  !insertmacro FIREWALL_RULE "${FW_PORTAL}" 7443
  !insertmacro FIREWALL_RULE "${FW_GATEWAY}" 8443
  !insertmacro FIREWALL_RULE "${FW_DOWNLOAD}" 7080

  ${If} $R0 == "new"
    StrCpy $0 "install"
    Call ServiceCommand
    ${If} $1 != 0
      MessageBox MB_OK|MB_ICONEXCLAMATION "$(ServiceFailed)" /SD IDOK
      Goto service_done
    ${EndIf}
  ${EndIf}
  ${If} $R1 == "start"
    StrCpy $0 "start"
    Call ServiceCommand
    ${If} $1 != 0
      MessageBox MB_OK|MB_ICONEXCLAMATION "$(ServiceFailed)" /SD IDOK
    ${EndIf}
  ${EndIf}
  service_done:

  ; The window needs the WebView2 runtime (part of Windows 11 and of
  ; current Windows 10); the service does not.
  ReadRegStr $0 HKLM "SOFTWARE\WOW6432Node\Microsoft\EdgeUpdate\Clients\{F3017226-FE2A-4295-8BDF-00C3A9A7E4C5}" "pv"
  ${If} $0 == ""
  ${OrIf} $0 == "0.0.0.0"
    ReadRegStr $0 HKCU "Software\Microsoft\EdgeUpdate\Clients\{F3017226-FE2A-4295-8BDF-00C3A9A7E4C5}" "pv"
  ${EndIf}
  ${If} $0 == ""
  ${OrIf} $0 == "0.0.0.0"
    MessageBox MB_OK|MB_ICONINFORMATION "$(WebView2Missing)" /SD IDOK
  ${EndIf}
SectionEnd

; ---------------------------------------------------------------- uninstall

Function un.onInit
  SetRegView 64
  Call un.SetDataDir
  !insertmacro ENGLISH_FOR_CHILDREN
  !insertmacro MUI_UNGETLANGUAGE
FunctionEnd

Function un.DataPage
  !insertmacro MUI_HEADER_TEXT "$(UnDataTitle)" "$(UnDataSubtitle)"
  nsDialogs::Create 1018
  Pop $0
  ${If} $0 == error
    Abort
  ${EndIf}
  ${NSD_CreateLabel} 0 0 100% 72u "$(UnDataText)"
  Pop $0
  ${NSD_CreateCheckbox} 0 80u 100% 12u "$(UnDataCheckbox)"
  Pop $DeleteDataBox
  ${NSD_SetState} $DeleteDataBox $DeleteData
  nsDialogs::Show
FunctionEnd

Function un.DataPageLeave
  ${NSD_GetState} $DeleteDataBox $DeleteData
FunctionEnd

; DeleteWithRetry deletes the file $0, waiting up to 10 s for a process that
; is ending (the service after its stop) to let go of it.
Function un.DeleteWithRetry
  StrCpy $1 0
  ${Do}
    ClearErrors
    Delete "$0"
    ${IfNot} ${Errors}
      Return
    ${EndIf}
    IntOp $1 $1 + 1
    ${If} $1 >= 20
      ${Break}
    ${EndIf}
    Sleep 500
  ${Loop}
  Delete /REBOOTOK "$0"
  DetailPrint "$(UnFileInUse)"
FunctionEnd

Section "Uninstall"
  SetShellVarContext all
  Call un.WaitWindowClosed

  ; Stops the service and removes it; a machine without it exits 0.
  DetailPrint "sekisho.exe service uninstall"
  nsExec::ExecToLog '"$INSTDIR\sekisho.exe" service uninstall'
  Pop $1

  !insertmacro FIREWALL_DELETE "${FW_PORTAL}"
  !insertmacro FIREWALL_DELETE "${FW_GATEWAY}"
  !insertmacro FIREWALL_DELETE "${FW_DOWNLOAD}"

  Delete "$SMPROGRAMS\${PRODUCT}.lnk"

  StrCpy $0 "$INSTDIR\sekisho.exe"
  Call un.DeleteWithRetry
  Delete "$INSTDIR\uninstall.exe"
  RMDir /REBOOTOK "$INSTDIR"

  DeleteRegKey HKLM "${UNINSTKEY}"
  DeleteRegKey HKLM "${REGKEY}"

  ${If} $DeleteData == ${BST_CHECKED}
    DetailPrint "$(UnDataDeleting)"
    StrCpy $1 0
    ${Do}
      RMDir /r "$DataDir"
      ${IfNot} ${FileExists} "$DataDir\*.*"
        ${Break}
      ${EndIf}
      IntOp $1 $1 + 1
      ${If} $1 >= 20
        RMDir /r /REBOOTOK "$DataDir"
        StrCpy $0 "$DataDir"
        DetailPrint "$(UnFileInUse)"
        ${Break}
      ${EndIf}
      Sleep 500
    ${Loop}
  ${Else}
    DetailPrint "$(UnDataKept)"
  ${EndIf}
SectionEnd
