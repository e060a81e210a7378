; 年报助手 — the Windows installer. Built by tools/packaging/windows.py with makensis on Debian:
;   -DVERSION=0.1.0 -DOUTFILE=… -DICON=… -DFILES=files.nsh -DUNFILES=unfiles.nsh -DSIZE_KB=…
; Per user (%LOCALAPPDATA%\Programs), no administrator rights; Chinese pages. The uninstaller removes
; only the files this installer wrote: drafts, recovery copies and settings are never touched.

Unicode true
; 64-bit stubs: the program needs 64-bit Windows anyway, and Wine runs them without a 32-bit prefix
Target amd64-unicode
ManifestDPIAware true
RequestExecutionLevel user
SetCompressor /SOLID lzma
SetCompressorDictSize 32

!include "MUI2.nsh"
!include "LogicLib.nsh"
!include "FileFunc.nsh"
!include "WinVer.nsh"
!include "x64.nsh"

!define APP_NAME "年报助手"
!define APP_ID "nianbao"
!define UNINST_KEY "Software\Microsoft\Windows\CurrentVersion\Uninstall\${APP_ID}"
!define PYTHONW "$INSTDIR\runtime\pythonw.exe"
!define APP_PY "$INSTDIR\app\app.py"

Name "${APP_NAME} ${VERSION}"
Caption "${APP_NAME} ${VERSION} 安装"
OutFile "${OUTFILE}"
InstallDir "$LOCALAPPDATA\Programs\${APP_NAME}"
InstallDirRegKey HKCU "${UNINST_KEY}" "InstallLocation"
BrandingText "${APP_NAME} ${VERSION}"
ShowInstDetails nevershow
ShowUninstDetails nevershow

!define MUI_ICON "${ICON}"
!define MUI_UNICON "${ICON}"
!define MUI_ABORTWARNING
!define MUI_WELCOMEPAGE_TITLE "欢迎安装${APP_NAME}"
!define MUI_WELCOMEPAGE_TEXT "${APP_NAME}用于填报《政府信息公开工作年度报告》，检查数据，导出 Word 和报县里的 Excel 文件。$\r$\n$\r$\n程序安装在您自己的用户文件夹中，不需要管理员权限。$\r$\n$\r$\n如果已经安装过旧版本，新版本会替换它，您的报告草稿、自动恢复副本和设置都会保留。$\r$\n$\r$\n点击“下一步”继续。"
!define MUI_FINISHPAGE_RUN "${PYTHONW}"
!define MUI_FINISHPAGE_RUN_PARAMETERS "$\"${APP_PY}$\""
!define MUI_FINISHPAGE_RUN_TEXT "现在启动${APP_NAME}"
!define MUI_UNCONFIRMPAGE_TEXT_TOP "将从这台计算机上卸载${APP_NAME}程序。$\r$\n您保存的报告草稿、自动恢复副本和设置不会被删除。"

!insertmacro MUI_PAGE_WELCOME
!insertmacro MUI_PAGE_DIRECTORY
!insertmacro MUI_PAGE_INSTFILES
!insertmacro MUI_PAGE_FINISH
!insertmacro MUI_UNPAGE_CONFIRM
!insertmacro MUI_UNPAGE_INSTFILES
!insertmacro MUI_LANGUAGE "SimpChinese"

VIProductVersion "${VERSION}.0"
VIAddVersionKey /LANG=${LANG_SIMPCHINESE} "ProductName" "${APP_NAME}"
VIAddVersionKey /LANG=${LANG_SIMPCHINESE} "FileDescription" "${APP_NAME} 安装程序"
VIAddVersionKey /LANG=${LANG_SIMPCHINESE} "FileVersion" "${VERSION}"
VIAddVersionKey /LANG=${LANG_SIMPCHINESE} "ProductVersion" "${VERSION}"
VIAddVersionKey /LANG=${LANG_SIMPCHINESE} "LegalCopyright" "年报助手"

Function .onInit
  SetShellVarContext current
  ${IfNot} ${RunningX64}
  ${OrIfNot} ${AtLeastWin10}
    MessageBox MB_ICONSTOP "${APP_NAME}需要 64 位的 Windows 10 或 Windows 11。$\r$\nWindows 7、Windows 8 无法运行本程序所用的 Python 和 Qt。" /SD IDOK
    Abort
  ${EndIf}
FunctionEnd

Section "install"
  ; An older version: its own uninstaller removes the files it wrote, and nothing else.
  ReadRegStr $0 HKCU "${UNINST_KEY}" "InstallLocation"
  ${If} $0 != ""
  ${AndIf} ${FileExists} "$0\uninstall.exe"
    ExecWait '"$0\uninstall.exe" /S /UPGRADE _?=$0'
    Delete "$0\uninstall.exe"
  ${EndIf}

  !include "${FILES}"
  SetOutPath "$INSTDIR"
  WriteUninstaller "$INSTDIR\uninstall.exe"

  ; Shortcuts start pythonw.exe (no console window); they open in the user's documents folder.
  SetOutPath "$DOCUMENTS"
  CreateShortCut "$SMPROGRAMS\${APP_NAME}.lnk" "${PYTHONW}" "$\"${APP_PY}$\"" "$INSTDIR\nianbao.ico" 0 SW_SHOWNORMAL "" "政府信息公开工作年度报告"
  CreateShortCut "$DESKTOP\${APP_NAME}.lnk" "${PYTHONW}" "$\"${APP_PY}$\"" "$INSTDIR\nianbao.ico" 0 SW_SHOWNORMAL "" "政府信息公开工作年度报告"

  WriteRegStr HKCU "${UNINST_KEY}" "DisplayName" "${APP_NAME}"
  WriteRegStr HKCU "${UNINST_KEY}" "DisplayVersion" "${VERSION}"
  WriteRegStr HKCU "${UNINST_KEY}" "Publisher" "年报助手"
  WriteRegStr HKCU "${UNINST_KEY}" "DisplayIcon" "$INSTDIR\nianbao.ico"
  WriteRegStr HKCU "${UNINST_KEY}" "InstallLocation" "$INSTDIR"
  WriteRegStr HKCU "${UNINST_KEY}" "UninstallString" "$\"$INSTDIR\uninstall.exe$\""
  WriteRegStr HKCU "${UNINST_KEY}" "QuietUninstallString" "$\"$INSTDIR\uninstall.exe$\" /S"
  WriteRegDWORD HKCU "${UNINST_KEY}" "NoModify" 1
  WriteRegDWORD HKCU "${UNINST_KEY}" "NoRepair" 1
  WriteRegDWORD HKCU "${UNINST_KEY}" "EstimatedSize" ${SIZE_KB}
SectionEnd

Function un.onInit
  SetShellVarContext current
FunctionEnd

Section "Uninstall"
  !include "${UNFILES}"
  Delete "$INSTDIR\uninstall.exe"
  RMDir "$INSTDIR"
  ; An upgrade keeps the shortcuts and the entry in 应用和功能: the new version rewrites them.
  ${GetParameters} $R0
  ClearErrors
  ${GetOptions} $R0 "/UPGRADE" $R1
  ${If} ${Errors}
    Delete "$SMPROGRAMS\${APP_NAME}.lnk"
    Delete "$DESKTOP\${APP_NAME}.lnk"
    DeleteRegKey HKCU "${UNINST_KEY}"
  ${EndIf}
SectionEnd
