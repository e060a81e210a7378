"""One page per navigation entry: 基本信息, the narrative sections, the tables, 检查结果."""
