"""帮助 → 使用说明: a short guide inside the program, for a clerk who does this once a year."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTextBrowser, QVBoxLayout

from model.findings import ERROR, HINT, SEVERITY_TEXT, WARNING

GUIDE_TITLE = "年报助手使用说明"


def guide_html() -> str:
    error, warning, hint = (SEVERITY_TEXT[s] for s in (ERROR, WARNING, HINT))
    return f"""
<h2>{GUIDE_TITLE}</h2>
<h3>一、怎样填写</h3>
<ol>
<li>用“文件 → 新建”或“从上年报告新建”开始，填写机关名称和报告年度；程序按年度选用国办规定的报告格式。</li>
<li>在左边依次打开各部分：先填“基本信息”（机关名称、成文日期、联系方式），再填三张表和各段文字。</li>
<li>表格里直接输入数字，按回车到下一格；“合计”“总计”由程序自动计算，请修改各分项。
没有发生的事项填0，可用“编辑 → 本表空白填0”一次填好。可以从 Excel 或 WPS 表格复制一块数字，粘贴到表中。</li>
<li>文字部分可以从 Word 粘贴。每段上面的提示说明这一段应写什么；“插入句子”按钮把表中的数字写成一句话。</li>
<li>程序每隔几秒自动保留一份恢复副本；意外关闭后再打开，会提示恢复。按 Ctrl+S 保存报告文件。</li>
</ol>
<h3>二、检查结果是什么意思</h3>
<ul>
<li><b>{error}</b>：数字前后对不上，或缺少必填内容（例如表三各列“第一项加第二项之和”不等于“第三项加第四项之和”）。
有{error}的报告只能导出草稿，草稿每页页眉有“草稿”字样。</li>
<li><b>{warning}</b>：很可能有问题，请核对（例如文字里写的件数与表中不同，或上年结转数与上年报告不一致）。</li>
<li><b>{hint}</b>：值得看一眼，不影响导出。</li>
</ul>
<p>在“检查结果”里双击一条，就会跳到出问题的格子或段落。</p>
<h3>三、导出和上报</h3>
<ul>
<li><b>Word 文档</b>：按公文格式（GB/T 9704）排好，供领导签发。</li>
<li><b>Excel 文件</b>：报县（区）政务公开办汇总用。请把导出的 .xlsx 文件原样发送，不要改动其中的“数据”表。</li>
<li><b>网页版</b>和<b>PDF</b>：在政府网站发布用。网页版可“复制到剪贴板”后直接粘贴到网站编辑器，表格的合并单元格不会丢失。</li>
</ul>
<h3>四、县（区）汇总</h3>
<p>用“文件 → 汇总各乡镇报告”选择收到的各乡镇 Excel 文件，程序逐个检查、列出问题，并生成汇总表。</p>
"""


def show_guide(parent) -> QDialog:
    dialog = QDialog(parent)
    dialog.setWindowTitle(GUIDE_TITLE)
    browser = QTextBrowser(dialog)
    browser.setHtml(guide_html())
    browser.setOpenExternalLinks(False)
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, dialog)
    buttons.button(QDialogButtonBox.StandardButton.Close).setText("关闭")
    buttons.rejected.connect(dialog.reject)
    layout = QVBoxLayout(dialog)
    layout.addWidget(browser)
    layout.addWidget(buttons)
    width = parent.fontMetrics().horizontalAdvance("国") * 40 if parent is not None else 640
    dialog.resize(width, width * 5 // 4)
    dialog.show()
    return dialog
