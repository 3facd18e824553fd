# Copyright 2026 Omnicanal
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The interaction matrix: aggregated signal rows into a ``scipy.sparse`` CSR.

Pure Python (numpy/scipy, no Odoo). The Odoo side aggregates order lines, POS
lines, product views, cart adds and returns with SQL into rows
``(user, item, signal, quantity, age_days)``; this module turns them into a
users x items confidence matrix:

* every signal has a weight (``DEFAULT_WEIGHTS``, configurable);
* every row decays with its age: ``weight * quantity * 0.5 ** (age / half_life)``;
* returns are negative: a user/item pair whose returned quantity covers what
  was bought is removed from the matrix and reported in ``returned`` so that
  the filters never push it back.
"""

import numpy as np
from scipy import sparse

SIGNAL_ORDER = "order"
SIGNAL_POS = "pos"
SIGNAL_VIEW = "view"
SIGNAL_CART = "cart"
SIGNAL_RETURN = "return"
SIGNALS = (SIGNAL_ORDER, SIGNAL_POS, SIGNAL_VIEW, SIGNAL_CART, SIGNAL_RETURN)
PURCHASE_SIGNALS = (SIGNAL_ORDER, SIGNAL_POS)
DEFAULT_WEIGHTS = {
    SIGNAL_ORDER: 4.0,
    SIGNAL_POS: 4.0,
    SIGNAL_VIEW: 0.5,
    SIGNAL_CART: 1.5,
    SIGNAL_RETURN: 4.0,
}
DEFAULT_HALF_LIFE = 180.0


def decay(age_days, half_life=DEFAULT_HALF_LIFE):
    """Exponential time decay: 1 today, 0.5 after ``half_life`` days.

    ``half_life <= 0`` disables the decay; a negative age (clock skew) counts as today.
    """
    age = np.maximum(np.asarray(age_days, dtype=np.float64), 0.0)
    if not half_life or half_life <= 0:
        return np.ones_like(age)
    return np.power(0.5, age / float(half_life))


class Index:
    """A stable mapping between external ids (partner, product) and matrix rows/columns."""

    def __init__(self, ids=()):
        self.ids = []
        self.pos = {}
        for key in ids:
            self.add(key)

    def add(self, key):
        if key not in self.pos:
            self.pos[key] = len(self.ids)
            self.ids.append(key)
        return self.pos[key]

    def __len__(self):
        return len(self.ids)

    def get(self, key, default=None):
        return self.pos.get(key, default)


def build(rows, weights=None, half_life=DEFAULT_HALF_LIFE, users=None, items=None):
    """Build the confidence matrix.

    ``rows``: iterable of ``(user, item, signal, quantity, age_days)``. Unknown
    signals and non-positive quantities are ignored (they are data errors, not
    tastes). ``users``/``items``: existing :class:`Index` to extend (a new
    user or item gets the next row/column).

    Returns ``(matrix, users, items, returned)``: ``matrix`` is a float32 CSR
    ``len(users) x len(items)`` with strictly positive values only, and
    ``returned`` the set of ``(user, item)`` external pairs removed because the
    returned quantity covers the purchased one.
    """
    weights = dict(DEFAULT_WEIGHTS, **(weights or {}))
    users = users if users is not None else Index()
    items = items if items is not None else Index()
    r_idx, c_idx, values = [], [], []
    bought, given_back = {}, {}
    for user, item, signal, quantity, age in rows:
        if signal not in weights or not quantity or quantity <= 0:
            continue
        key = (users.add(user), items.add(item))
        if signal == SIGNAL_RETURN:
            given_back[key] = given_back.get(key, 0.0) + quantity
            continue
        if signal in PURCHASE_SIGNALS:
            bought[key] = bought.get(key, 0.0) + quantity
        r_idx.append(key[0])
        c_idx.append(key[1])
        values.append(weights[signal] * quantity * float(decay(age, half_life)))
    shape = (len(users), len(items))
    coords = (np.asarray(r_idx, dtype=np.int64), np.asarray(c_idx, dtype=np.int64))
    matrix = sparse.csr_matrix(
        (np.asarray(values, dtype=np.float32), coords),
        shape=shape,
        dtype=np.float32,
    )
    matrix.sum_duplicates()
    returned = set()
    if given_back:
        matrix = matrix.tolil()
        for (row, col), qty in given_back.items():
            if qty >= bought.get((row, col), 0.0) - 1e-9:
                # Everything bought was given back: the taste is negative, remove it.
                matrix[row, col] = 0
                returned.add((users.ids[row], items.ids[col]))
            else:
                # Part of it was returned: keep the rest of the confidence.
                kept = 1.0 - qty / bought[(row, col)]
                matrix[row, col] = matrix[row, col] * kept
        matrix = matrix.tocsr()
    matrix.eliminate_zeros()
    return matrix.astype(np.float32), users, items, returned


def user_row(matrix_items, rows, weights=None, half_life=DEFAULT_HALF_LIFE):
    """One user's row (1 x items CSR) from that user's own rows, on a trained item index.

    Items the model does not know are ignored (they cannot be scored); used to
    fold a customer's latest purchases in without retraining.
    """
    weights = dict(DEFAULT_WEIGHTS, **(weights or {}))
    known = [
        (0, item, sig, qty, age) for _u, item, sig, qty, age in rows if matrix_items.get(item) is not None
    ]
    # Only known items reach build(): the trained index is read, never extended.
    matrix, _users, _items, returned = build(known, weights, half_life, users=Index([0]), items=matrix_items)
    return matrix[0:1], {item for _u, item in returned}


def time_split(rows, holdout_days):
    """Split rows on age: rows younger than ``holdout_days`` are the test set.

    Returns ``(train_rows, test_rows)``; ``holdout_days <= 0`` keeps everything for training.
    """
    train, test = [], []
    for row in rows:
        (test if holdout_days > 0 and row[4] < holdout_days else train).append(row)
    return train, test
