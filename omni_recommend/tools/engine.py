# Copyright 2026 Omnicanal
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Training, storage and serving of the recommendation models (pure Python).

Uses ``implicit`` (ALS for "for you", BM25 item-item for "customers who bought
this also bought"), :mod:`.baskets` (frequently bought together) and
:mod:`.metrics` (popularity, the baseline and the cold-start answer).

A trained bundle is stored as a compressed ``.npz`` (numpy arrays only, no
pickle: loading a stored model never runs code). Serving folds the customer's
current row in (``recalculate_user``) so a purchase made after the nightly
training counts at once, without retraining.
"""

import contextlib
import io
import time
import warnings
import zipfile

import numpy as np
from implicit.cpu.als import AlternatingLeastSquares
from implicit.nearest_neighbours import BM25Recommender
from scipy import sparse
from threadpoolctl import threadpool_limits

from . import baskets as baskets_mod
from . import filters, matrix, metrics

FORMAT = 1


@contextlib.contextmanager
def _quiet():
    """One BLAS thread inside implicit's own threads (its advice), and no conversion notices."""
    with threadpool_limits(1, "blas"), warnings.catch_warnings():
        warnings.filterwarnings("ignore", module="implicit")
        yield


def _als(factors, regularization=0.05, iterations=15, seed=42, num_threads=0):
    with _quiet():
        return AlternatingLeastSquares(
            factors=factors,
            regularization=regularization,
            iterations=iterations,
            random_state=seed,
            calculate_training_loss=False,
            num_threads=num_threads,
        )


class Bundle:
    """Everything serving needs: indexes, ALS factors, item-item similarity, pairs, popularity."""

    def __init__(self, user_ids, item_ids, user_factors, item_factors, similarity, pairs, popular, params):
        self.users = matrix.Index(int(u) for u in user_ids)
        self.items = matrix.Index(int(i) for i in item_ids)
        self.user_factors = np.asarray(user_factors, dtype=np.float32)
        self.item_factors = np.asarray(item_factors, dtype=np.float32)
        self.similarity = similarity.tocsr() if similarity is not None else None
        self.pairs = pairs  # {item: [other, ...]} by lift
        self.popular = popular  # {segment or None: [item, ...]}
        self.params = params
        self._als_model = None
        self._popular_cache = {}
        self.timings = {}

    # ------------------------------------------------------------------ training
    @classmethod
    def train(
        cls,
        rows,
        weights=None,
        half_life=matrix.DEFAULT_HALF_LIFE,
        factors=32,
        iterations=15,
        baskets=(),
        min_count=2,
        segment_of=None,
        neighbours=50,
        segments=(),
    ):
        """Train every model on signal rows and baskets (see :func:`matrix.build`).

        ``segments``: ``(segment, user, item)`` purchases for the popularity of a
        store, a region or a channel (an int key; ``-1`` is reserved for "all").
        """
        timings = {}
        clock = time.perf_counter()
        rows = list(rows)
        user_items, users, items, _returned = matrix.build(rows, weights, half_life)
        timings["matrix"], clock = time.perf_counter() - clock, time.perf_counter()
        n_users, n_items = user_items.shape
        factors = max(2, min(int(factors), max(n_items - 1, 2)))
        if n_users and n_items:
            als = _als(factors, iterations=iterations)
            knn = BM25Recommender(K=neighbours)
            with _quiet():
                als.fit(user_items, show_progress=False)
                timings["als"], clock = time.perf_counter() - clock, time.perf_counter()
                knn.fit(user_items, show_progress=False)
                timings["item_item"], clock = time.perf_counter() - clock, time.perf_counter()
            user_factors, item_factors = als.user_factors, als.item_factors
            similarity = knn.similarity
        else:
            user_factors = np.zeros((n_users, factors), dtype=np.float32)
            item_factors = np.zeros((n_items, factors), dtype=np.float32)
            similarity = sparse.csr_matrix((n_items, n_items), dtype=np.float32)
        purchases = [(u, i) for u, i, sig, qty, _age in rows if sig in matrix.PURCHASE_SIGNALS and qty > 0]
        popular = metrics.popularity(purchases, segment_of)
        by_segment = {}
        for segment, user, item in segments:
            by_segment.setdefault(int(segment), []).append((user, item))
        for segment, seg_rows in by_segment.items():
            popular[segment] = metrics.popularity(seg_rows)[None]
        timings["popularity"], clock = time.perf_counter() - clock, time.perf_counter()
        together = baskets_mod.cooccurrence(baskets, min_count, top=neighbours)
        pairs = {a: [b for b, *_rest in others] for a, others in together.items()}
        timings["baskets"] = time.perf_counter() - clock
        params = {"weights": dict(matrix.DEFAULT_WEIGHTS, **(weights or {})), "half_life": half_life}
        bundle = cls(users.ids, items.ids, user_factors, item_factors, similarity, pairs, popular, params)
        bundle.timings = timings
        return bundle

    # ------------------------------------------------------------------ storage
    def dumps(self):
        """The bundle as bytes (``numpy.savez_compressed``; arrays only)."""
        sim = self.similarity if self.similarity is not None else sparse.csr_matrix((len(self.items),) * 2)
        pair_keys, pair_ptr, pair_vals = [], [0], []
        for item, others in self.pairs.items():
            pair_keys.append(item)
            pair_vals.extend(others)
            pair_ptr.append(len(pair_vals))
        seg_keys, seg_ptr, seg_vals = [], [0], []
        for segment, ranked in self.popular.items():
            seg_keys.append(-1 if segment is None else int(segment))
            seg_vals.extend(ranked)
            seg_ptr.append(len(seg_vals))
        weights = self.params.get("weights", {})
        buffer = io.BytesIO()
        np.savez_compressed(
            buffer,
            format=np.array([FORMAT]),
            user_ids=np.asarray(self.users.ids, dtype=np.int64),
            item_ids=np.asarray(self.items.ids, dtype=np.int64),
            user_factors=self.user_factors,
            item_factors=self.item_factors,
            sim_data=sim.data.astype(np.float32),
            sim_indices=sim.indices.astype(np.int32),
            sim_indptr=sim.indptr.astype(np.int64),
            pair_keys=np.asarray(pair_keys, dtype=np.int64),
            pair_ptr=np.asarray(pair_ptr, dtype=np.int64),
            pair_vals=np.asarray(pair_vals, dtype=np.int64),
            seg_keys=np.asarray(seg_keys, dtype=np.int64),
            seg_ptr=np.asarray(seg_ptr, dtype=np.int64),
            seg_vals=np.asarray(seg_vals, dtype=np.int64),
            weight_names=np.asarray(sorted(weights), dtype=str),
            weight_values=np.asarray([weights[k] for k in sorted(weights)], dtype=np.float64),
            half_life=np.array([float(self.params.get("half_life") or 0.0)]),
        )
        return buffer.getvalue()

    @classmethod
    def loads(cls, data):
        """Read bytes written by :meth:`dumps`; raises ``ValueError`` on anything else."""
        try:
            arrays = np.load(io.BytesIO(data), allow_pickle=False)
            if int(arrays["format"][0]) != FORMAT:
                raise ValueError("unknown model format")
            item_ids = arrays["item_ids"]
            n_items = len(item_ids)
            sim = sparse.csr_matrix(
                (arrays["sim_data"], arrays["sim_indices"], arrays["sim_indptr"]), shape=(n_items, n_items)
            )
            pk, pp, pv = arrays["pair_keys"], arrays["pair_ptr"], arrays["pair_vals"]
            pairs = {int(k): [int(x) for x in pv[pp[n] : pp[n + 1]]] for n, k in enumerate(pk)}
            sk, sp, sv = arrays["seg_keys"], arrays["seg_ptr"], arrays["seg_vals"]
            popular = {
                (None if k == -1 else int(k)): [int(x) for x in sv[sp[n] : sp[n + 1]]]
                for n, k in enumerate(sk)
            }
            names, values = arrays["weight_names"].tolist(), arrays["weight_values"].tolist()
            weights = dict(zip(names, values, strict=True))
            params = {"weights": weights, "half_life": float(arrays["half_life"][0])}
            return cls(
                arrays["user_ids"],
                item_ids,
                arrays["user_factors"],
                arrays["item_factors"],
                sim,
                pairs,
                popular,
                params,
            )
        except (KeyError, OSError, EOFError, IndexError, TypeError, zipfile.BadZipFile) as exc:
            raise ValueError("not a recommendation model") from exc

    # ------------------------------------------------------------------ serving
    def _als_for_serving(self):
        if self._als_model is None:
            # One thread: a request solves one small system; a thread pool costs more than it.
            model = _als(max(self.item_factors.shape[1], 1), num_threads=1)
            model.user_factors = self.user_factors
            model.item_factors = self.item_factors
            self._als_model = model
        return self._als_model

    def fold_in(self, user_rows):
        """The customer's current row and returned items, from that customer's own rows."""
        params = self.params
        return matrix.user_row(self.items, user_rows, params.get("weights"), params.get("half_life"))

    def for_you(self, row, n=50):
        """ALS ranking for a folded-in row (``recalculate_user``); ``[]`` for an empty row."""
        if row is None or not row.nnz or not len(self.items):
            return []
        n = min(n, len(self.items))
        model = self._als_for_serving()
        with warnings.catch_warnings():
            warnings.filterwarnings("ignore", module="implicit")
            # Fold-in: the customer's factors from their current row, the items' factors as trained.
            user = np.asarray(model.recalculate_user(0, row), dtype=np.float32).ravel()
        # Scoring 10k items is one mat-vec and a partial sort (implicit's topk is slower for one user).
        scores = np.einsum("ij,j->i", self.item_factors, user)  # no BLAS thread pool for one user
        top = np.argpartition(-scores, n - 1)[:n] if n < len(scores) else np.arange(len(scores))
        top = top[np.argsort(-scores[top], kind="stable")]
        return [self.items.ids[i] for i in top]

    def also_bought(self, item, n=50):
        """Items bought with ``item``: basket pairs by lift first, then BM25 neighbours."""
        ranked = list(self.pairs.get(item, []))
        col = self.items.get(item)
        if col is not None and self.similarity is not None:
            start, end = self.similarity.indptr[col], self.similarity.indptr[col + 1]
            order = np.argsort(-self.similarity.data[start:end], kind="stable")
            ranked += [self.items.ids[self.similarity.indices[start + i]] for i in order]
        return [i for i in dict.fromkeys(ranked) if i != item][:n]

    def popular_for(self, segment=None):
        """The segment's best sellers, then the overall ones (computed once per segment)."""
        if segment not in self._popular_cache:
            self._popular_cache[segment] = metrics.popular_for(self.popular, segment)
        return self._popular_cache[segment]

    def recommend(
        self,
        user_rows,
        limit=10,
        segment=None,
        personalised=True,
        context_item=None,
        sellable=None,
        durable=(),
        exclude=(),
    ):
        """The one ranking every surface shows.

        Returns ``(items, source)`` with ``source`` in ``personal``, ``also_bought``, ``popular``.
        """
        row, returned = self.fold_in(user_rows) if personalised else (None, set())
        owned = (
            {item for _u, item, sig, qty, _a in user_rows if sig in matrix.PURCHASE_SIGNALS and qty > 0}
            if personalised
            else set()
        )
        exclude = set(exclude) | ({context_item} if context_item is not None else set())
        rules = {
            "sellable": sellable,
            "returned": returned,
            "owned": owned,
            "durable": durable,
            "exclude": exclude,
        }
        result, source = [], "popular"
        if context_item is not None:
            result = filters.keep(self.also_bought(context_item, 10 * limit), limit, **rules)
            source = "also_bought" if result else source
        if personalised and len(result) < limit:
            rules_now = dict(rules, exclude=exclude | set(result))
            personal = filters.keep(self.for_you(row, 10 * limit), limit, **rules_now)
            if personal and not result:
                source = "personal"
            result += personal[: limit - len(result)]
        if len(result) < limit:
            result += filters.keep(
                self.popular_for(segment), limit - len(result), **dict(rules, exclude=exclude | set(result))
            )
        return result[:limit], source


def evaluate(
    rows,
    baskets=(),
    holdout_days=30,
    k=10,
    weights=None,
    half_life=matrix.DEFAULT_HALF_LIFE,
    factors=32,
    iterations=15,
    recent_signal=matrix.SIGNAL_POS,
):
    """Offline evaluation on a time split (rows younger than ``holdout_days`` are held out).

    Truth: items a user bought in the held-out period and not before. Scores the
    all-channel model (ALS with popularity fill), popularity alone, and, for
    the users whose held-out purchases were in ``recent_signal`` (the store), a
    model trained on online signals only against the all-channel one.
    """
    rows = list(rows)
    train, test = matrix.time_split(rows, holdout_days)
    bought_before = {}
    for user, item, sig, qty, _age in train:
        if sig in matrix.PURCHASE_SIGNALS and qty > 0:
            bought_before.setdefault(user, set()).add(item)
    truth, store_truth = {}, {}
    for user, item, sig, qty, _age in test:
        if sig in matrix.PURCHASE_SIGNALS and qty > 0 and item not in bought_before.get(user, ()):
            truth.setdefault(user, set()).add(item)
            if sig == recent_signal:
                store_truth.setdefault(user, set()).add(item)
    catalogue = len({r[1] for r in rows})
    train_by_user = {}
    for row in train:
        train_by_user.setdefault(row[0], []).append(row)
    opts = {"weights": weights, "half_life": half_life, "factors": factors, "iterations": iterations}

    def scorer(bundle, personalised=True):
        def run(user):
            return bundle.recommend(train_by_user.get(user, []), k, personalised=personalised)[0]

        return run

    full = Bundle.train(train, baskets=baskets, **opts)
    online_rows = [r for r in train if r[2] != recent_signal]
    online = Bundle.train(online_rows, baskets=baskets, **opts)
    online_by_user = {}
    for row in online_rows:
        online_by_user.setdefault(row[0], []).append(row)

    def online_scorer(user):
        return online.recommend(online_by_user.get(user, []), k)[0]

    result = {
        "model": metrics.evaluate(scorer(full), truth, k, catalogue),
        "popularity": metrics.evaluate(scorer(full, personalised=False), truth, k, catalogue),
        "store_all_channels": metrics.evaluate(scorer(full), store_truth, k, catalogue),
        "store_online_only": metrics.evaluate(online_scorer, store_truth, k, catalogue),
        "train_rows": len(train),
        "test_users": len(truth),
    }
    return result
