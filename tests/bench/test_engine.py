"""The engine benchmark runs on its own and prints every figure."""

from bench import engine


def test_bench_quick_prints_every_figure(capsys):
    assert engine.main(["--quick"]) == 0

    out = capsys.readouterr().out
    labels = ("weighted_sum", "topsis", "rank_acceptability", "first_rank_acceptability")
    for label in (*labels, "evaluate_engagement"):
        assert label in out
    assert "scikit-criteria" in out
    assert "pymcdm" in out
    assert "pymcdm called per sample" in out  # SMAA against a loop over the library's method
    assert out.count("× ours") == 2 * 2 * 2 + 2  # two sizes × two methods × two libraries
