; 年报助手.exe in the portable folder: starts the program with pythonw.exe (no console window)
; and exits. Built by tools/packaging/windows.py: -DVERSION=… -DOUTFILE=… -DICON=…

Unicode true
; 64-bit stubs: the program needs 64-bit Windows anyway, and Wine runs them without a 32-bit prefix
Target amd64-unicode
ManifestDPIAware true
RequestExecutionLevel user
SilentInstall silent
SetCompressor /SOLID lzma
!include "FileFunc.nsh"
!include "LogicLib.nsh"

Name "年报助手"
OutFile "${OUTFILE}"
Icon "${ICON}"
LoadLanguageFile "${NSISDIR}\Contrib\Language files\SimpChinese.nlf"

VIProductVersion "${VERSION}.0"
VIAddVersionKey /LANG=${LANG_SIMPCHINESE} "ProductName" "年报助手"
VIAddVersionKey /LANG=${LANG_SIMPCHINESE} "FileDescription" "年报助手"
VIAddVersionKey /LANG=${LANG_SIMPCHINESE} "FileVersion" "${VERSION}"
VIAddVersionKey /LANG=${LANG_SIMPCHINESE} "ProductVersion" "${VERSION}"
VIAddVersionKey /LANG=${LANG_SIMPCHINESE} "LegalCopyright" "年报助手"

Section
  ${GetParameters} $0
  ${IfNot} ${FileExists} "$EXEDIR\runtime\pythonw.exe"
    MessageBox MB_ICONSTOP "找不到“$EXEDIR\runtime\pythonw.exe”。$\r$\n请把压缩包完整解压后，再双击“年报助手.exe”。" /SD IDOK
    Quit
  ${EndIf}
  Exec '"$EXEDIR\runtime\pythonw.exe" "$EXEDIR\app\app.py" $0'
SectionEnd
