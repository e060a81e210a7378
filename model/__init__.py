"""年报助手's core: the format definitions, the report, its checks and drafts. No Qt here."""

APP_NAME = "年报助手"
APP_VERSION = "0.1.0"
