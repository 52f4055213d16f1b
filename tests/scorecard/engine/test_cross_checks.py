"""Agreement with independent implementations (scikit-criteria, pymcdm) on random matrices.

How the libraries normalise, and the equivalent we compare against:

- scikit-criteria's ``WeightedSumModel`` needs every criterion maximised, so cost criteria
  are converted first: ``NegateMinimize`` before ``MinMaxScaler`` gives
  ``(max − x)/(max − min)`` (our minmax); ``InvertMinimize`` (1/x) before ``MaxAbsScaler``,
  ``SumScaler`` or ``VectorScaler`` gives our max, sum and vector cost handling. Weights go
  through ``SumScaler(target="weights")`` as ours are normalised to sum 1.
- scikit-criteria's ``TOPSIS`` takes the ideal per objective (max or min) on the weighted
  matrix, as Hwang & Yoon do and as we do.
- pymcdm's ``TOPSIS`` reverses cost columns inside its normalisation (``1 − x/‖x‖`` for
  vector, ``(max − x)/(max − min)`` for minmax) and then takes the max as ideal. A reversal
  with slope −1 keeps every distance, so its closeness equals ours.
"""

import warnings

import numpy as np
import pandas as pd
import pytest

from scorecard.engine import topsis, weighted_sum

skc = pytest.importorskip("skcriteria")
pymcdm = pytest.importorskip("pymcdm")

from pymcdm import normalizations as pymcdm_norm  # noqa: E402
from pymcdm.methods import TOPSIS as PymcdmTOPSIS  # noqa: E402
from skcriteria.agg.simple import WeightedSumModel  # noqa: E402
from skcriteria.agg.topsis import TOPSIS as SkcTOPSIS  # noqa: E402
from skcriteria.pipelines import mkpipe  # noqa: E402
from skcriteria.preprocessing.invert_objectives import (  # noqa: E402
    InvertMinimize,
    NegateMinimize,
)
from skcriteria.preprocessing.scalers import (  # noqa: E402
    MaxAbsScaler,
    MinMaxScaler,
    SumScaler,
    VectorScaler,
)

SEEDS = range(12)
TOLERANCE = 1e-9


def random_problem(seed: int):
    rng = np.random.default_rng(seed)
    n, m = int(rng.integers(2, 16)), int(rng.integers(1, 9))
    matrix = pd.DataFrame(
        rng.uniform(1, 100, size=(n, m)),
        index=[f"a{k}" for k in range(n)],
        columns=[f"c{k}" for k in range(m)],
    )
    weights = rng.uniform(0.05, 1, size=m)
    benefit = rng.random(m) > 0.4
    return matrix, weights, benefit


def skc_decision_matrix(matrix, weights, benefit):
    return skc.mkdm(
        matrix.to_numpy(),
        objectives=[max if b else min for b in benefit],
        weights=weights,
        alternatives=list(matrix.index),
        criteria=list(matrix.columns),
    )


SKC_WEIGHTED_SUM = {
    "minmax": lambda: [NegateMinimize(), MinMaxScaler(target="matrix")],
    "max": lambda: [InvertMinimize(), MaxAbsScaler(target="matrix")],
    "sum": lambda: [InvertMinimize(), SumScaler(target="matrix")],
    "vector": lambda: [InvertMinimize(), VectorScaler(target="matrix")],
}


@pytest.mark.parametrize("normalization", sorted(SKC_WEIGHTED_SUM))
@pytest.mark.parametrize("seed", SEEDS)
def test_weighted_sum_matches_scikit_criteria(seed, normalization):
    matrix, weights, benefit = random_problem(seed)
    pipe = mkpipe(
        *SKC_WEIGHTED_SUM[normalization](), SumScaler(target="weights"), WeightedSumModel()
    )

    expected = pipe.evaluate(skc_decision_matrix(matrix, weights, benefit)).e_.score
    ours = weighted_sum(
        matrix,
        dict(zip(matrix.columns, weights, strict=True)),
        benefit=dict(zip(matrix.columns, benefit, strict=True)),
        normalization=normalization,
    )

    np.testing.assert_allclose(ours.to_numpy(), expected, rtol=0, atol=TOLERANCE)


@pytest.mark.parametrize("seed", SEEDS)
def test_weighted_sum_none_matches_scikit_criteria_on_benefit_criteria(seed):
    matrix, weights, _ = random_problem(seed)
    benefit = np.ones(matrix.shape[1], dtype=bool)
    pipe = mkpipe(SumScaler(target="weights"), WeightedSumModel())

    expected = pipe.evaluate(skc_decision_matrix(matrix, weights, benefit)).e_.score
    ours = weighted_sum(
        matrix, dict(zip(matrix.columns, weights, strict=True)), normalization="none"
    )

    np.testing.assert_allclose(ours.to_numpy(), expected, rtol=0, atol=TOLERANCE)


@pytest.mark.parametrize("seed", SEEDS)
def test_topsis_matches_scikit_criteria(seed):
    matrix, weights, benefit = random_problem(seed)
    pipe = mkpipe(SumScaler(target="weights"), VectorScaler(target="matrix"), SkcTOPSIS())

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # it advises against min objectives
        expected = pipe.evaluate(skc_decision_matrix(matrix, weights, benefit)).e_.similarity
    ours = topsis(
        matrix,
        dict(zip(matrix.columns, weights, strict=True)),
        benefit=dict(zip(matrix.columns, benefit, strict=True)),
    )

    np.testing.assert_allclose(ours.to_numpy(), expected, rtol=0, atol=TOLERANCE)


@pytest.mark.parametrize(
    ("normalization", "function"),
    [
        ("vector", pymcdm_norm.vector_normalization),
        ("minmax", pymcdm_norm.minmax_normalization),
    ],
)
@pytest.mark.parametrize("seed", SEEDS)
def test_topsis_matches_pymcdm(seed, normalization, function):
    matrix, weights, benefit = random_problem(seed)
    if matrix.shape[1] < 2:
        matrix["extra"] = np.linspace(1, 2, len(matrix))
        weights = np.append(weights, 0.5)
        benefit = np.append(benefit, True)
    normalised_weights = weights / weights.sum()

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # it notes dominant alternatives
        expected = PymcdmTOPSIS(normalization_function=function)(
            matrix.to_numpy(), normalised_weights, np.where(benefit, 1, -1)
        )
    ours = topsis(
        matrix,
        dict(zip(matrix.columns, weights, strict=True)),
        benefit=dict(zip(matrix.columns, benefit, strict=True)),
        normalization=normalization,
    )

    np.testing.assert_allclose(ours.to_numpy(), expected, rtol=0, atol=TOLERANCE)
