"""Why a file cannot be read as a township .xlsx, in Chinese: the refusals of exporters.xlsx.reader."""

from __future__ import annotations

from exporters.xlsx.cells import BookError


class XlsxImportError(Exception):
    """The file cannot be read at all; str(exc) says why, in Chinese. .kind for callers that sort files."""

    def __init__(self, message: str, kind: str = "unreadable"):
        super().__init__(message)
        self.message = message
        self.kind = kind


RESEND = "请让报送单位用年报助手“导出 → Excel 文件”重新导出后再发送。"

# what a file that is not a township .xlsx turned out to be, by BookError.detail
OFFICE_KINDS = {
    "docx": "Word文档（.docx）",
    "pptx": "PowerPoint演示文稿（.pptx）",
    "ods": "OpenDocument电子表格（.ods）",
}
OTHER_KINDS = {
    "json": "文本文件（可能是年报助手的草稿.json，可以把扩展名改回.json后用“打开”读取）",
    "pdf": "PDF文件",
    "html": "网页或XML文本文件",
    "zip": "压缩包，其中没有Excel工作簿",
}

# BookError.kind -> the message; {n} is the file's name in quotes, {what} what it really is
MESSAGES = {
    "empty": "{n}是空文件（0字节），不是Excel文件。" + RESEND,
    "old_office": "{n}是旧版Excel（.xls）或其他旧式Office文件，不是年报助手导出的.xlsx文件。" + RESEND,
    "truncated": "{n}不完整或已损坏（文件可能在下载、复制或解压时被截断），无法读取。请让报送单位重新发送。",
    "other_office": "{n}实际上是{what}，只是扩展名是.xlsx，不是年报助手导出的Excel文件。" + RESEND,
    "not_excel": "{n}实际上是{what}，不是Excel文件（.xlsx）。" + RESEND,
    "oversized": "{n}中有一部分内容解压后大得异常（远超任何年报数据文件），可能已损坏或被恶意构造，已拒绝读取。"
    + RESEND,
    "hostile": "{n}含有Excel从不写入的XML实体定义，可能被人为修改或恶意构造，已拒绝读取。" + RESEND,
    "too_many": "{n}中的行、单元格或文字条目远多于任何年报数据文件（年报助手导出的文件只有几百行），"
    "可能被人为改动或恶意构造，已拒绝读取。" + RESEND,
    "encrypted": "{n}设置了打开密码（已加密），无法读取。请让报送单位在Excel或WPS中取消文件密码，"
    "或者用年报助手重新导出后直接发送。",
    "compression": "{n}使用了Excel和WPS从不使用的压缩方式（可能被压缩软件改写过，或已损坏），无法读取。" + RESEND,
    "not_zip": "{n}不是Excel文件（.xlsx），内容无法识别，可能已损坏。" + RESEND,
}
BROKEN = "{n}是Excel文件，但内部结构已损坏，无法读取。请让报送单位重新导出后发送。"


def book_error_message(exc: BookError, name: str) -> str:
    if exc.kind == "other_office":
        what = OFFICE_KINDS.get(exc.detail, "OpenDocument文件")
    else:
        what = OTHER_KINDS.get(exc.detail, "其他类型的文件")
    return MESSAGES.get(exc.kind, BROKEN).format(n=f"“{name}”", what=what)
