"""The engine imports no Django; its command line runs on its own."""

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from scorecard.engine import cli

ROOT = Path(__file__).resolve().parents[3]


def run_python(*args):
    return subprocess.run(
        [sys.executable, *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_importing_engine_does_not_import_django():
    code = (
        "import scorecard.engine, sys; "
        "assert not any(m == 'django' or m.startswith('django.') for m in sys.modules)"
    )

    completed = run_python("-c", code)

    assert completed.returncode == 0, completed.stderr


@pytest.fixture
def matrix_csv(tmp_path):
    path = tmp_path / "providers.csv"
    path.write_text("id,quality,price\nA,4,100\nB,3,80\nC,5,120\n")
    return path


def test_cli_weighted_sum_table(matrix_csv):
    completed = run_python(
        "-m",
        "scorecard.engine",
        str(matrix_csv),
        "--weights",
        "quality=2,price=1",
        "--cost",
        "price",
    )

    assert completed.returncode == 0, completed.stderr
    lines = completed.stdout.strip().splitlines()
    assert lines[0].split() == ["rank", "id", "score"]
    # minmax: A (.5·2 + .5)/3 = .5, B (0 + 1)/3, C (2 + 0)/3
    assert [line.split() for line in lines[1:]] == [
        ["1", "C", "0.6667"],
        ["2", "A", "0.5000"],
        ["3", "B", "0.3333"],
    ]


def test_cli_topsis_json(matrix_csv, capsys):
    code = cli.run(
        [
            str(matrix_csv),
            "--weights",
            "quality=1,price=1",
            "--cost",
            "price",
            "--method",
            "topsis",
            "--format",
            "json",
        ]
    )

    assert code == 0
    data = json.loads(capsys.readouterr().out)
    assert data["method"] == "topsis"
    assert [row["rank"] for row in data["ranking"]] == [1, 2, 3]
    assert all(0 <= row["score"] <= 1 for row in data["ranking"])


def test_cli_csv_from_stdin_with_equal_weights(monkeypatch, capsys):
    monkeypatch.setattr("sys.stdin", io.StringIO("id,a,b\nx,1,0\ny,0,1\n"))

    assert cli.run(["-", "--format", "csv"]) == 0
    assert capsys.readouterr().out.splitlines() == ["rank,id,score", "1,x,0.5", "1,y,0.5"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--weights", "quality=1"], "missing for criteria: price"),
        (["--weights", "quality=x,price=1"], "not a number"),
        (["--method", "electre"], "invalid choice"),
    ],
)
def test_cli_errors_go_to_stderr_with_exit_code_2(matrix_csv, args, message, capsys):
    try:
        code = cli.run([str(matrix_csv), *args])
    except SystemExit as exit_:  # argparse's own errors
        code = exit_.code

    captured = capsys.readouterr()
    assert code == 2
    assert message in captured.err
    assert captured.out == ""


def test_cli_missing_file_and_bad_cell(tmp_path, capsys):
    bad = tmp_path / "bad.csv"
    bad.write_text("id,a,b\nx,1,\ny,0,1\n")

    assert cli.run([str(tmp_path / "nope.csv")]) == 2
    assert "nope.csv" in capsys.readouterr().err
    assert cli.run([str(bad)]) == 2
    assert "row x, column b" in capsys.readouterr().err
