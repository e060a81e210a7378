def test_stored_moments_are_written_as_people_read_them():
    from model.chinese_time import written_moment

    assert written_moment("2026-12-01T10:20:00+00:00") == "2026年12月1日 18:20"  # a zone: Beijing time
    assert written_moment("2026-12-01T18:20:00+08:00") == "2026年12月1日 18:20"
    assert written_moment("2025-01-10 09:00") == "2025年1月10日 09:00"  # no zone: as written
    assert written_moment("不是时间") == "不是时间"
