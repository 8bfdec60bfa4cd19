"""Every sentence the exercise checks and the progress table print, one table per language.

``EN`` and ``ZH`` map the same keys to message templates with named placeholders
(``{got}``, ``{case}`` ...), filled with :func:`text`. The keys are:

- fixed phrases: ``line.*`` (the ✓/✗/hint lines), ``why.*`` (what went wrong),
  ``passed.*`` (what passed), ``progress.*`` (the progress table and its warnings);
- per exercise ``N.k``: ``N.k.title``, ``N.k.hint`` (the general hint) and
  ``N.k.hint.<kind>`` (the hint for one recognised mistake), and sometimes ``N.k.case``,
  ``N.k.passed`` and ``N.k.why.<name>`` (what went wrong, for one exercise only);
- per chapter: ``chNN.title``;
- shared hints for mistakes any exercise can make: ``hint.<kind>``.

A hint names the mistake and where to look; it never gives the solution code. Code
identifiers, numbers and formulas are the same in every language; the ✓ and ✗ stay.

The language is English unless the environment variable ``BPLIB_LANG`` says ``zh`` (or
``zh_CN`` ...), or :func:`set_language` chose one; ``set_language(None)`` goes back to the
environment. A translator adds a language by adding a table with the same keys and the same
placeholders (a test checks both) to ``LANGUAGES``.

Examples
--------
>>> set_language("zh")
>>> text("why.value", got="0.5", expected="0.25")
'得到 0.5，应为 0.25'
>>> set_language(None)
>>> text("why.value", got="0.5", expected="0.25")
'got 0.5, expected 0.25'

Used by the exercises of every chapter and by ``python -m bplib.progress``; the
Chinese edition's notebooks (``zh/``) choose Chinese in their first cell.
"""

from __future__ import annotations

import os
import warnings

__all__ = ["EN", "ZH", "LANGUAGES", "get_language", "has", "set_language", "text"]

EN: dict[str, str] = {
    # --- the lines a check prints -------------------------------------------------------------
    "exercise": "Exercise {number} ({title})",
    "exercise.untitled": "Exercise {number}",
    "line.pass": "✓ {exercise}: {detail}",
    "line.fail": "✗ {exercise}: {why}",
    "line.hint": "  Hint: {hint}",
    "passed.inputs": "passed on {n} inputs.",
    "passed.one": "passed.",
    "passed.graphs": "passed on {n} graphs.",
    "passed.gradcheck": "passed on {n} inputs, and gradcheck.",
    "4.4.passed": "passed (full loss, new batches, unbiased).",
    "10.4.passed": "passed on {n} inputs; below {limit} MB at C = {C}.",
    # --- what went wrong ---------------------------------------------------------------------
    "why.on_case": "{problem} (input: {case})",
    "why.none": "it returned None: is a `return` missing, or is the `...` placeholder still "
                "there?",
    "why.not_function": "expected a function, got {got}",
    "why.not_class": "expected your Function class (a subclass of bplib.Function), got {got}",
    "why.not_defined": "`{name}` is not defined: run the cell that defines it before the check, "
                       "and check the spelling of its name",
    "why.raised": "your code raised {error}{where}",
    "why.raised_at": " (line {line}: `{code}`)",
    "why.tuple": "expected a tuple of {n} values, got {got}",
    "why.item": "in {name}: {problem}",
    "why.not_number": "expected a number or an array, got {got}",
    "why.not_bool": "expected True or False, got {got}",
    "why.complex": "the result is complex ({got}); expected real numbers",
    "why.shape": "the result has shape {got}, expected shape {expected}",
    "why.value": "got {got}, expected {expected}",
    "why.value_at": "got {got} at index {index}, expected {expected}",
    "why.modified": "your function changed its argument `{name}` in place",
    "why.check_error": "the check itself failed ({error}); please report this as a bug of "
                       "bplib",
    "why.returned_not_function": "make_minibatch returned {got}, expected a function "
                                 "loss_and_grad(W)",
    "why.not_pair": "loss_and_grad(W) returned {got}, expected the pair (loss, grad)",
    "why.same_batch": "two calls with batch_size = 5 at the same W gave the same loss {loss}",
    "why.full_batch": "with batch_size = N = {N} (the whole data set): {problem}",
    "why.biased": "the average of {n} batch gradients (batch_size = 5) is not the full "
                  "gradient: {problem}",
    "why.forward_output": "the output of forward: {problem}",
    "why.forward_none": "forward returned None: is a `return` missing, or is the `...` "
                        "placeholder still there?",
    "why.backward_none": "backward returned None: is a `return` missing, or is the `...` "
                         "placeholder still there?",
    "why.gradient_for": "the gradient for {name} (what backward returns, times the upstream "
                        "gradient): {problem}",
    "why.gradcheck": "gradcheck failed: {error}",
    "why.not_list": "expected a list of Tensors, got {got}",
    "why.not_tensor": "the list holds {got}, which is not a Tensor",
    "why.duplicate": "a tensor appears twice in the list",
    "why.missing_tensor": "tensor {name} is missing",
    "why.extra_tensor": "tensor {name} is in the list but is not a tensor that requires grad "
                        "in this graph",
    "why.not_first": "the list starts with {name}, not with the output {output}",
    "why.before": "{first} comes before {second}, which was computed from it",
    "why.not_dict": "expected a dict {{tensor: gradient}}, got {got}",
    "why.no_gradient": "no gradient for tensor {name}",
    "why.gradient_not_number": "the gradient of {name} is {got}, not a number or an array",
    "why.gradient_of": "the gradient of {name}: {problem}",
    "why.memory": "the values are right, but at C = {C} your function allocated {peak} MB at "
                  "its peak; a C × C Jacobian takes {jacobian} MB, an implicit VJP a few "
                  "vectors ({vector} kB each)",
    "graph": "the graph {graph}",
    "graph.neuron": "the sigmoid neuron",
    # --- cases described in words ------------------------------------------------------------
    "2.1.case": "axes of lengths {lengths}",
    "4.2.case": "A with eigenvalues {eigenvalues}",
    "4.3.case": "A with eigenvalues {eigenvalues}, lr={lr}",
    # --- hints any exercise can use ----------------------------------------------------------
    "hint.generic": "compare your code with the exercise's statement, one line at a time.",
    "hint.modified": "an in-place operation (`-=`, `+=`, `x[...] = ...`) on an argument writes "
                     "into the caller's array. Work on a copy, or build a new array.",
    "hint.not_defined": "the check receives your function by its name, so the cell that "
                        "defines the function must have run first, without an error.",
    "hint.apply": "pass the Function class itself (for example Tanh), not Tanh.apply and not "
                  "an instance.",
    # --- chapters ----------------------------------------------------------------------------
    "ch01.title": "Loss functions",
    "ch02.title": "Grid search",
    "ch03.title": "Random search",
    "ch04.title": "Gradient descent",
    "ch05.title": "Learning rate",
    "ch06.title": "Numerical gradient",
    "ch07.title": "Analytic gradient",
    "ch08.title": "Computational graphs",
    "ch09.title": "Autograd Functions",
    "ch10.title": "Tensors and Jacobians",
    "ch11.title": "Capstone",
    # --- chapter 01 --------------------------------------------------------------------------
    "1.1.title": "stable softmax",
    "1.1.hint": "softmax does not change when the same number is subtracted from every score of "
                "a row. Choose that number so that no exponent is positive (section 'A "
                "numerically stable softmax'), and normalise each row on its own.",
    "1.1.hint.overflow": "np.exp overflowed: exp(1000) is inf, and inf / inf is nan. Softmax "
                         "does not change when the same number is subtracted from every score "
                         "of a row; choose it so that the largest exponent is 0 (section 'A "
                         "numerically stable softmax').",
    "1.1.hint.axis": "your probabilities add up to 1 down each column, not along each row: the "
                     "maximum and the sum belong to one sample, that is one row, over the "
                     "classes.",
    "1.1.hint.keepdims": "the row maxima or row sums lost their axis, so they do not line up "
                         "with the (N, C) scores. Keep the reduced axis (numpy's keepdims) so "
                         "that each row is combined with its own value.",
    "1.2.title": "SVM loss with loops",
    "1.2.hint": "for each sample compute its scores, then add the margin violation of every "
                "wrong class j ≠ y_i, with margin 1, as in formula (2) without the "
                "regularizer. Loop over samples and classes; no reduction other than the sum.",
    "1.2.hint.include_yi": "the result is N too large, one margin per sample: the loop also "
                           "counts the correct class j = y_i, whose term is always "
                           "max(0, 1) = 1. Skip it (see 'The notes sum over every j').",
    "1.2.hint.mean": "the result is N times too small: it is averaged over the samples, but "
                     "the exercise asks for the notes' sum.",
    "1.3.title": "loss of a zero classifier",
    "1.3.hint": "when all C scores are equal, every class gets the same probability. Which "
                "one, and what is the loss −log p of the correct class? (Section 'Softmax "
                "loss, by hand'.)",
    "1.3.hint.probability": "you returned the probability of the correct class; the loss is "
                            "minus its logarithm.",
    "1.3.hint.sign": "the loss −log p is positive for p < 1; your result is negative: check "
                     "the sign.",
    # --- chapter 02 --------------------------------------------------------------------------
    "2.1.title": "grid search in d dimensions",
    "2.1.hint": "visit every point of the Cartesian product of the axes (the exercise names "
                "the itertools function), evaluate L once per point as a numpy array, and "
                "return the best point as a 1-D array together with its score.",
    "2.1.hint.tie": "on a tie your function keeps the later point. The notes replace the best "
                    "point only when the score is strictly lower, so the first of equal points "
                    "wins: look at the comparison in your loop.",
    "2.1.hint.order": "the two values are swapped: the result is (best, best_score), the "
                      "point first.",
    "2.2.title": "evaluations of a grid",
    "2.2.hint": "count the points of one axis first: how many points with spacing at most h "
                "fit on [low, high], both endpoints included? A grid in d dimensions has that "
                "many points along each of its d axes.",
    "2.2.hint.endpoint": "one point per axis is missing: k points make k − 1 gaps, so there is "
                         "one more point than gaps.",
    "2.2.hint.round_down": "when h does not divide high − low, the number of gaps must be "
                           "rounded up; rounded down, the spacing would be larger than h.",
    "2.2.hint.power": "the axes multiply, they do not add: d axes of k points make k to the "
                      "power d grid points.",
    "2.3.title": "coarse-to-fine grid search",
    "2.3.hint": "each round builds a grid of k points per axis centred on the current centre, "
                "searches it, moves the centre to the best point, and shrinks the half-width "
                "to one grid spacing of the round just searched. Return the last round's "
                "result.",
    "2.3.hint.shrink": "the window does not shrink: after each round the half-width must "
                       "become one grid spacing of that round, 2·half_width/(k − 1).",
    "2.3.hint.centre": "every round searches around the starting centre: move the centre to "
                       "the best point before building the next grid.",
    # --- chapter 03 --------------------------------------------------------------------------
    "3.1.title": "random search in a box",
    "3.1.hint": "make one generator from the seed, before the loop; in each iteration draw one "
                "point of D coordinates from it, evaluate it once, and keep it only if its "
                "score is strictly lower than the best so far.",
    "3.1.hint.rng_in_loop": "every dart lands on the same point: the generator is created "
                            "again inside the loop, so it restarts from the seed each time. "
                            "Create it once, before the loop.",
    "3.2.title": "probability of a hit",
    "3.2.hint": "the probability is a ratio of volumes: the D-dimensional ball of radius r "
                "over the box [−a, a]^D. Test your ball volume in 1-D (a segment of length 2r) "
                "and in 2-D (a disc of area πr²).",
    "3.2.hint.box_side": "the box [−a, a]^D has side 2a, not a: its volume is (2a)^D.",
    "3.2.hint.gamma": "the volume of the D-ball has Γ(D/2 + 1) in its denominator, not "
                      "Γ(D/2): test it against πr² in 2-D.",
    "3.3.title": "darts needed",
    "3.3.hint": "all n darts miss with probability (1 − p)^n. Find the smallest whole n for "
                "which that is at most 1 − confidence: take logarithms (both are negative, so "
                "the inequality keeps its direction when you divide).",
    "3.3.hint.round_down": "n must be a whole number of darts large enough to reach the "
                           "confidence: round up, not down.",
    "3.3.hint.miss": "p is the probability of a hit; one dart misses with probability 1 − p.",
    "3.4.title": "Metropolis acceptance",
    "3.4.hint": "an improvement (delta ≤ 0) is always accepted; a worse move only when u falls "
                "below exp(−delta/T), which tends to 0 as T → 0. Look at the order of your "
                "tests.",
    "3.4.hint.zero_temperature": "your function divides by T = 0. At zero temperature a worse "
                                "move is never accepted: decide that case before dividing.",
    "3.4.hint.inequality": "the comparison with u is the wrong way round: a worse move is "
                           "accepted when u is below exp(−delta/T), so that large increases "
                           "are rarely accepted.",
    "3.4.hint.sign": "the exponent's sign is flipped: exp(delta/T) is above 1 for a worse "
                     "move, so every worse move would be accepted.",
    # --- chapter 04 --------------------------------------------------------------------------
    "4.1.title": "the update as a loop",
    "4.1.hint": "apply the notes' update w ← w − α∇L(w) exactly `steps` times, with the "
                "gradient taken at the current w each time, starting from a copy of w0 "
                "(section 'The update').",
    "4.1.hint.sign": "your w moves uphill: the update subtracts the learning rate times the "
                     "gradient, because −∇L is the direction of steepest descent.",
    "4.1.hint.modified": "w0 was changed in place: an augmented assignment (-=) on an array "
                         "that started as w0 writes into the caller's array. Start from a new "
                         "array.",
    "4.1.hint.steps": "the number of updates is off by one: apply the update exactly `steps` "
                      "times (with steps = 0 the result is w0).",
    "4.2.title": "largest stable learning rate",
    "4.2.hint": "on ½wᵀAw each eigen-component of w is multiplied by 1 − α·μ_i per step (μ_i: "
                "the eigenvalues of A). Find the α at which the component of the largest "
                "eigenvalue stops shrinking (section 'How big a step? Four regimes').",
    "4.2.hint.factor": "1/μ_max is where the fastest component starts to oscillate, not where "
                       "it diverges: |1 − α·μ_max| reaches 1 at twice that rate.",
    "4.2.hint.smallest": "the bound comes from the largest eigenvalue: its component is the "
                         "first to diverge.",
    "4.2.hint.diagonal": "the diagonal entries of A are its eigenvalues only when A is "
                         "diagonal; for a rotated A compute the eigenvalues (np.linalg has a "
                         "routine for symmetric matrices).",
    "4.3.title": "contraction factor",
    "4.3.hint": "each eigen-component is multiplied by 1 − α·μ_i per step (μ_i: the eigenvalues "
                "of A); how fast it shrinks is the size of that factor, whatever its sign, and "
                "the slowest component decides.",
    "4.3.hint.abs": "a factor such as 1 − α·μ = −1.5 flips the sign of a component and makes it "
                    "larger: compare the factors by absolute value.",
    "4.3.hint.slowest": "the run converges only as fast as its slowest component: take the "
                        "largest factor, not the smallest.",
    "4.4.title": "mini-batch closure",
    "4.4.hint": "make_minibatch returns a function of W; on every call that function draws "
                "batch_size distinct rows with rng and returns softmax_loss on those rows "
                "(section 'Full batch or mini-batch').",
    "4.4.hint.drawn_once": "the batch is drawn once, when make_minibatch runs, so every call "
                           "sees the same rows: draw inside the function you return.",
    "4.4.hint.replace": "with batch_size = N the batch must hold every sample exactly once; "
                        "sampling with replacement repeats some rows and misses others.",
    "4.4.hint.biased": "some rows are never (or too often) drawn: every one of the N rows must "
                       "be equally likely, so that the batch gradients average to the full "
                       "gradient.",
    # --- chapter 05 --------------------------------------------------------------------------
    "5.1.title": "cosine decay",
    "5.1.hint": "test your function where the notes' formula is easy to evaluate: lr0 at "
                "t = 0, lr0/2 at t = T/2, and 0 at t = T.",
    "5.1.hint.half": "your rate is twice the expected one: at t = 0 the schedule must start at "
                     "lr0, so the factor ½ in front of the bracket is missing.",
    "5.1.hint.sign": "your schedule rises instead of decaying: it must be lr0 at t = 0, where "
                     "the cosine is +1, and 0 at t = T.",
    "5.1.hint.period": "the cosine must reach π exactly at t = T: check what its argument is "
                       "divided by.",
    "5.2.title": "exponential decay factor",
    "5.2.hint": "write the condition that the rate reaches lr_end after T steps as an equation "
                "in γ, and solve it (a T-th root).",
    "5.2.hint.inverted": "your γ is above 1 when lr_end < lr0, so the rate would grow: the "
                         "ratio is upside down.",
    "5.2.hint.root": "after T steps the rate is multiplied by γ to the power T, not by γ·T: "
                     "take a T-th root, not a division by T.",
    "5.3.title": "range-test learning rates",
    "5.3.hint": "the rates grow by a constant factor, so their logarithms are evenly spaced "
                "from log lr_lo to log lr_hi, both included (numpy has a function for "
                "geometric spacing).",
    "5.3.hint.linear": "your rates are evenly spaced; a range test needs a constant ratio "
                       "between neighbours, so that every decade gets the same number of "
                       "steps.",
    "5.3.hint.endpoint": "the last rate must be lr_hi itself: `steps` rates from lr_lo to lr_hi "
                         "inclusive have steps − 1 ratios between them.",
    "5.4.title": "warm-up + cosine",
    "5.4.hint": "two pieces: a straight line from 0 to lr0 during the warm-up, then the notes' "
                "cosine decay with its clock started at t = warmup and T − warmup steps to go.",
    "5.4.hint.shift": "after the warm-up your cosine still runs on the original clock: it must "
                      "start at lr0 at t = warmup, so t and T are both counted from the end of "
                      "the warm-up.",
    "5.4.hint.warmup": "the warm-up must rise in a straight line from 0 at t = 0 to lr0 at "
                       "t = warmup.",
    # --- chapter 06 --------------------------------------------------------------------------
    "6.1.title": "central-difference gradient",
    "6.1.hint": "for every entry of x (any shape: loop over all index tuples), evaluate f with "
                "only that entry nudged by +eps and by −eps, and divide the difference by the "
                "distance between the two points. Store it at the same index of an array shaped "
                "like x.",
    "6.1.hint.forward": "your values are a forward difference: nudge the entry in both "
                        "directions and difference the two values of f.",
    "6.1.hint.factor": "your gradient is twice the expected one: the points x + eps and "
                       "x − eps are 2·eps apart.",
    "6.1.hint.modified": "x was left changed: put every nudged entry back exactly (or nudge a "
                         "copy), or the next entries and the caller see a shifted x.",
    "6.2.title": "complex-step derivative",
    "6.2.hint": "evaluate g at the complex points x + i·eps and divide the imaginary part by "
                "eps (the complex-step formula above). There is no subtraction of two values "
                "of g, which is why every digit survives.",
    "6.2.hint.finite_difference": "your values are a finite difference, correct to about 6–10 "
                                  "digits; the check needs 12. Use the complex step: no "
                                  "subtraction, and eps can be 1e-20.",
    "6.2.hint.real": "the derivative is in the imaginary part of g(x + i·eps), not in the real "
                     "part.",
    "6.3.title": "Richardson extrapolation",
    "6.3.hint": "write the central difference C(h) as a helper. C(eps) and C(2·eps) share the "
                "derivative, and their h² error terms are in the ratio 1 : 4: combine them "
                "with weights that cancel that term and add up to 1.",
    "6.3.hint.plain": "this is a plain central difference, with an error of order eps²: "
                      "combine two of them, with steps eps and 2·eps, so that their eps² terms "
                      "cancel.",
    "6.3.hint.swapped": "the weights go the wrong way: the step with the smaller error (eps) "
                        "must get the larger weight.",
    "6.4.title": "the best forward-difference step",
    "6.4.hint": "differentiate the error model ε·f2/2 + u·f0/ε with respect to ε, set the "
                "derivative to zero and solve for ε > 0.",
    "6.4.hint.factor": "your ε is off by a factor √2: keep the ½ of the truncation term when "
                       "you differentiate.",
    "6.4.hint.inverted": "f0 and f2 are swapped: more curvature (a larger f2) must give a "
                         "smaller step.",
    # --- chapter 07 --------------------------------------------------------------------------
    "7.1.title": "logistic-loss gradient",
    "7.1.hint": "differentiate one term log(1 + exp(−m_i)) with respect to its margin "
                "m_i = y_i wᵀx_i, apply the chain rule through m_i, sum over the samples, and "
                "add the regularizer's gradient. check_gradient tells you which entries are "
                "wrong.",
    "7.1.hint.no_reg": "the regularizer's gradient is missing: λ‖w‖² contributes to ∇L too "
                       "(the input with reg = 0 passed).",
    "7.1.hint.half_reg": "the regularizer's gradient is half of what it should be: the "
                         "derivative of λ‖w‖² is 2λw.",
    "7.1.hint.sign": "the data term has the wrong sign: log(1 + exp(−m)) falls as the margin m "
                     "grows, so its derivative with respect to m is negative.",
    "7.1.hint.mean": "your data term is divided by N: this loss sums over the samples.",
    "7.2.title": "fix the softmax gradient",
    "7.2.hint": "run check_gradient on the buggy version and see which entries fail; then "
                "compare each line with the gradient derived in 'The softmax loss: P − Y', "
                "the one-hot labels and the regularizer in particular.",
    "7.2.hint.onehot": "the data term still adds the one-hot labels: the gradient with respect "
                       "to the scores is P − Y, so the correct class's probability goes down "
                       "by 1.",
    "7.2.hint.half_reg": "the regularizer's gradient is half of what it should be: the "
                         "derivative of λ‖W‖² is 2λW.",
    "7.2.hint.both": "both bugs are still there: the sign of the one-hot term, and the factor "
                     "of the regularizer's gradient.",
    "7.2.hint.mean": "your gradient is divided by N: this exercise uses the notes' sum over "
                     "the samples.",
    "7.3.title": "gradient with respect to the data",
    "7.3.hint": "X[i, d] appears only in the residual r_i = y_i − wᵀx_i. Differentiate r_i² "
                "with respect to X[i, d], as step 3 of the derivation does with respect to w; "
                "the result has the shape of X.",
    "7.3.hint.factor": "your gradient is half the expected one: the derivative of r² is 2r.",
    "7.3.hint.sign": "the sign is flipped: r_i = y_i − wᵀx_i decreases when X[i, d] grows by "
                     "a positive w_d.",
    "7.4.title": "ridge regression in closed form",
    "7.4.hint": "set the gradient derived at the top of the chapter to zero and collect the "
                "terms in w on one side: that is a linear system for w (the normal equations). "
                "Solve it with numpy's linear solver, not an explicit inverse.",
    "7.4.hint.no_reg": "this is the least-squares solution without the regularizer: λ‖w‖² adds "
                       "λ times the identity to XᵀX in the normal equations.",
    "7.4.hint.factor": "the regularizer enters the normal equations as λI, not 2λI: after "
                       "setting the gradient to zero, divide both sides by 2.",
    # --- chapter 08 --------------------------------------------------------------------------
    "8.1.title": "gradients by hand",
    "8.1.hint": "name the nodes (q = x + y, m = max(y, z), f = q·m), start from ∂f/∂f = 1 and "
                "go backwards: multiply swaps, add distributes, max routes to the larger input. "
                "Return a tuple of three numbers.",
    "8.1.hint.second_use": "∂f/∂y misses one of its two paths: y feeds both the add and the "
                           "max, and the gradients along both paths add up.",
    "8.1.hint.max_route": "the max node passes its gradient only to the larger of its inputs; "
                          "the other input gets 0.",
    "8.2.title": "the backward of a node",
    "8.2.hint": "first the local gradients ∂z/∂x and ∂z/∂y of z = √(x² + y²); each downstream "
                "gradient is its local gradient times the upstream gradient grad_z.",
    "8.2.hint.upstream": "your gradients ignore grad_z: downstream = local × upstream (the "
                         "input with grad_z = −2 shows it).",
    "8.2.hint.local": "the local gradient of √(x² + y²) keeps the chain rule's factor from the "
                      "square root: test it at x = 3, y = 4, where z = 5.",
    "8.3.title": "topological order",
    "8.3.hint": "walk the graph from the output through t.grad_fn.inputs (leaves have grad_fn "
                "None; skip inputs that do not require grad), visit each tensor once, and list "
                "a tensor only after every tensor computed from it. A depth-first search that "
                "records a tensor after its inputs gives the reverse of that order.",
    "8.3.hint.order": "ordering by distance from the output (breadth-first) is not enough when "
                      "a value is used twice, as in the fork a = 3x, b = a·a, f = a + b (see "
                      "'Why the order matters: topological order').",
    "8.3.hint.missing": "follow every input of every node down to the leaves, not only the "
                        "first input.",
    "8.3.hint.duplicate": "a tensor used twice must appear once: remember which tensors you "
                          "have already visited.",
    "8.3.hint.reversed": "your list starts away from the output; the output comes first, the "
                         "leaves last.",
    "8.3.hint.type": "return a list of the Tensor objects themselves (not their names or "
                     "values).",
    "8.4.title": "backpropagation in topological order",
    "8.4.hint": "start from gradient 1 for the output; visit the tensors in topological order; "
                "at each tensor with a grad_fn, pass its complete gradient to grad_fn.backward "
                "and accumulate each returned gradient into the entry of the matching input "
                "(None means no gradient).",
    "8.4.hint.overwrite": "a tensor used twice got the gradient of only one of its uses: add "
                          "each contribution to what is already stored, do not write over it.",
    "8.4.hint.missing": "every tensor of topological_order(output) needs an entry, the leaves "
                        "included.",
    "8.4.hint.type": "return a dict that maps each Tensor to its gradient.",
    # --- chapter 09 --------------------------------------------------------------------------
    "9.1.title": "Tanh",
    "9.1.hint": "forward computes tanh and saves with ctx.save_for_backward what the derivative "
                "1 − tanh²(x) needs; backward reads it back from ctx.saved_tensors and returns "
                "the local gradient times grad_output.",
    "9.1.hint.upstream": "backward returns the local gradient alone: multiply it by the "
                         "upstream gradient grad_output.",
    "9.1.hint.derivative": "the derivative 1 − tanh²(x) is written with the output of tanh, "
                           "not with x itself.",
    "9.1.hint.forward": "the output of forward is not tanh(x): check the numpy function "
                        "forward calls.",
    "9.2.title": "Divide",
    "9.2.hint": "save in forward what backward needs. backward returns two gradients, for x "
                "then for y, each a local gradient times the upstream gradient; derive "
                "∂(x/y)/∂y with care.",
    "9.2.hint.sign": "the gradient for y has the wrong sign: x/y shrinks as y grows (for "
                     "positive x and y).",
    "9.2.hint.count": "backward must return one gradient per input of forward: two here.",
    "9.2.hint.order": "the two gradients are swapped: return them in the order of forward's "
                      "inputs, x first.",
    "9.3.title": "fused MSE loss",
    "9.3.hint": "forward returns one number, the mean of the squared differences, and saves "
                "what backward needs. backward returns a gradient for pred and one for target; "
                "the mean divides by the number of entries, and grad_output (a single number) "
                "multiplies both.",
    "9.3.hint.mean": "your gradients are n times too large: the loss is a mean, so each "
                     "entry's derivative is divided by the number of entries n.",
    "9.3.hint.target_sign": "the gradient for target has the wrong sign: the difference is "
                            "pred − target.",
    # --- chapter 10 --------------------------------------------------------------------------
    "10.1.title": "unbroadcast",
    "10.1.hint": "broadcasting did two things to the input: it added leading axes, and it "
                 "stretched axes of size 1. Undo both by summing, so that the result has "
                 "exactly `shape` (section 'Broadcasting and its gradient').",
    "10.1.hint.keepdims": "an axis of size 1 disappeared: when you sum over an axis where "
                          "`shape` has a 1, keep that axis (numpy's keepdims).",
    "10.1.hint.size_one": "only the leading axes were summed: the axes where the input had "
                          "size 1 were stretched too, and must be summed back as well.",
    "10.2.title": "matmul VJP",
    "10.2.hint": "let the shapes decide: dX has the shape of X, (N, D), and is a product of G "
                 "(N, M) and W (D, M); dW has the shape of W and is a product of X and G. Only "
                 "one arrangement of each fits. Return the tuple (dX, dW).",
    "10.2.hint.order": "the two gradients are swapped: return (dX, dW), in the order of the "
                       "arguments.",
    "10.3.title": "softmax Jacobian",
    "10.3.hint": "differentiate p_i = e^{{s_i}} / Σ_k e^{{s_k}} with respect to s_j in two cases, "
                 "j = i and j ≠ i; compute p stably first, as in chapter 01.",
    "10.3.hint.diagonal": "only the diagonal is filled: softmax is not elementwise, every p_i "
                          "depends on every s_j, so the entries off the diagonal are not zero.",
    "10.3.hint.overflow": "exp overflowed on the large scores: compute the probabilities with "
                          "the maximum score subtracted first, as in chapter 01.",
    "10.3.hint.sign": "the signs are flipped: the diagonal entries p_i(1 − p_i) are positive.",
    "10.4.title": "softmax VJP",
    "10.4.hint": "multiply out vᵀ(diag(p) − p pᵀ) on paper: each of its two terms becomes a "
                 "vector operation, with no C × C matrix. Compute p stably.",
    "10.4.hint.memory": "your function builds a C × C matrix. Simplify vᵀ(diag(p) − p pᵀ) on "
                        "paper first: each term becomes an elementwise product or a dot "
                        "product.",
    "10.4.hint.missing_term": "only the diag(p) part is there: the term vᵀ(p pᵀ), a number "
                              "times p, is missing.",
    # --- chapter 11 --------------------------------------------------------------------------
    "11.1.title": "accuracy per class",
    "11.1.hint": "a sample's prediction is the class with the largest score in its row; the "
                 "accuracy of class c is the fraction of the samples whose true label is c "
                 "that are predicted as c.",
    "11.1.hint.overall": "that is one number for all the samples together; the exercise wants "
                         "one accuracy per class, computed on the rows whose true label is "
                         "that class.",
    "11.1.hint.percent": "these look like percentages: return fractions between 0 and 1.",
    "11.1.hint.counts": "these are counts of correct predictions: divide each by the number of "
                        "samples of that class.",
    "11.1.hint.over_n": "each class's count of correct predictions was divided by N, the number "
                        "of all samples; divide by the number of samples of that class.",
    "11.1.hint.precision": "you divided by how many samples were *predicted* as each class; "
                           "divide by how many samples *are* of that class (the rows of a "
                           "confusion matrix, not its columns).",
    "11.2.title": "one training epoch",
    "11.2.passed": "{steps} steps; gradients and loss {loss} match.",
    "11.2.why.no_steps": "opt.step() was never called, so no parameter changed",
    "11.2.why.steps": "the optimizer took {got} steps; expected {expected}: one per batch of "
                      "{batch_size} samples, the last one smaller ({n} samples in all)",
    "11.2.why.no_grad": "at step {step}, params[{i}] has no gradient: the loss was not "
                        "back-propagated before opt.step()",
    "11.2.why.accumulated": "at step {step}, the gradient of params[{i}] is the sum of the "
                            "gradients of the first {step} batches: they accumulate",
    "11.2.why.grad": "at step {step}, the gradient of params[{i}] differs from the expected "
                     "one (got {got} at index {index}, expected {expected})",
    "11.2.why.no_number": "it returned {got}; expected the mean loss over the epoch, a number",
    "11.2.why.loss": "the returned loss is {got}; expected {expected}",
    "11.2.hint": "the inner loop of the chapter's fit (section 'Training') does one epoch: "
                 "read it, with the loss_fn given in place of its objective; yours also "
                 "returns the mean loss over the epoch's N samples.",
    "11.2.hint.no_steps": "after the backward pass of each batch, the optimizer takes its step.",
    "11.2.hint.steps": "step through the samples batch_size at a time, up to N, including the "
                       "last, smaller batch; one optimizer step per batch.",
    "11.2.hint.no_grad": "call backward on the batch's loss before the optimizer's step.",
    "11.2.hint.accumulated": "backward adds into .grad (as in PyTorch); the old gradients must "
                             "be cleared once per batch, before its backward pass.",
    "11.2.hint.grad": "use the batches in the order rng.permutation gives (called once per "
                      "epoch), batch_size consecutive indices of that order at a time, and the "
                      "loss_fn given, on that batch only.",
    "11.2.hint.unweighted": "this is the mean of the batch losses, but the last batch is "
                            "smaller: weight each batch's loss by its number of samples, then "
                            "divide by N.",
    "11.2.hint.sum": "this is a sum over the batches; the mean over the epoch's samples is "
                     "wanted.",
    "11.2.hint.last": "this is the loss of the last batch only; the mean over the whole epoch "
                      "is wanted.",
    "11.2.hint.loss": "the mean loss over the epoch: each batch's loss (before its step) "
                      "weighted by its number of samples, divided by N.",
    "11.3.title": "5-epoch learning rate",
    "11.3.passed": "lr = {lr}: validation accuracy {acc}.",
    "11.3.why.none": "lr_five is None: set it to the learning rate you chose (is the `...` "
                     "placeholder still there?)",
    "11.3.why.not_rate": "expected a learning rate, a number > 0; got {got}",
    "11.3.why.bad_history": "fit returned {got}; expected the chapter's history, a dict with "
                            "'val_acc' and 'diverged'",
    "11.3.why.diverged": "training diverged with lr = {lr}",
    "11.3.why.low": "validation accuracy {acc} after 5 epochs with lr = {lr}; expected at "
                    "least 0.95",
    "11.3.hint": "try a few rates about 3 times apart (a log scale, as the chapter's random "
                 "search used) with fit for 5 epochs, and keep the best.",
    "11.3.hint.fit": "pass the chapter's own fit function and its data dictionary, unchanged "
                     "(run the cells that define them first).",
    "11.3.hint.diverged": "that rate is too large: each step overshoots; try one about 10 "
                          "times smaller.",
    "11.3.hint.low": "in 5 epochs a small rate does not get far; try larger ones, about 3 "
                     "times larger each time, until the accuracy stops improving.",
    "11.3.hint.high": "that rate is too large: the first, largest steps of the cosine decay "
                      "overshoot, and 5 epochs are too few to recover; try smaller ones, about "
                      "3 times smaller each time.",
    "11.4.title": "final project",
    "11.4.passed": "test accuracy {acc} on {n} digits (≥ 0.96).",
    "11.4.why.not_predict": "train_and_predict returned {got}; expected a function predict(X)",
    "11.4.why.shape": "predict returned {got} for {n} test digits; expected {n} labels or an "
                      "({n}, 10) array of scores",
    "11.4.why.array": "an array of shape {shape}",
    "11.4.why.low": "test accuracy {acc} on the {n} test digits; expected at least 0.96",
    "11.4.hint": "train on the training split, choose the settings by validation accuracy, "
                 "then return a function that maps an (N, 64) array of digits to N labels (or "
                 "to (N, 10) scores).",
    "11.4.hint.low": "compare with the chapter's MLP: more hidden units or a second hidden "
                     "layer, more epochs, a tuned learning rate (chosen on the validation set, "
                     "never the test set).",
    # --- the progress table ------------------------------------------------------------------
    "progress.title": "Exercise progress ({where})",
    "progress.saved_in": "saved in {path}",
    "progress.off": "progress recording is off (BPLIB_PROGRESS={value})",
    "progress.col.chapter": "chapter",
    "progress.col.passed": "passed",
    "progress.col.attempted": "attempted",
    "progress.col.total": "total",
    "progress.col.next": "next",
    "progress.item": "{number} ({title})",
    "progress.next.done": "done ✓",
    "progress.next.retry": "try {item} again",
    "progress.next.start": "start with {item}",
    "progress.next.continue": "go on with {item}",
    "progress.overall": "Overall: {passed} of {total} exercises passed ({percent} %), "
                        "{attempted} attempted.",
    "progress.overall.next": "Next: chapter {chapter}, exercise {item}.",
    "progress.overall.done": "Every exercise passed: the course is complete.",
    "progress.empty": "No exercise has been checked yet: run a check in any chapter and it is "
                      "recorded here.",
    "progress.warn.unwritable": "Cannot save exercise progress to {path} ({error}). The "
                                "checks still work; set BPLIB_PROGRESS to a writable file to "
                                "keep your progress.",
    "progress.warn.corrupt": "The progress file {path} could not be read ({error}); it "
                             "was moved to {backup} and a new one is started.",
    "progress.warn.unreadable": "The progress file {path} could not be read ({error}); "
                                "it is left as it is and progress is not saved to it.",
    "progress.warn.language": "BPLIB_LANG={value!r} is not a language the checks speak "
                              "({languages}); using English.",
    "progress.error.not_progress": "{path} is not a bplib progress file: {error}",
    "progress.error.missing": "{path} does not exist",
    "progress.exported": "Exported {attempts} attempts at {exercises} exercises to {path}.",
    "progress.imported": "Imported {path}: {new} new attempts merged into {target} "
                         "({exercises} exercises recorded).",
    "progress.cli.description": "Show your progress through the book's exercises, or export "
                                "and import it (a Colab runtime forgets its disk: export "
                                "before it ends, import in the next one). Every check records "
                                "its outcome in ~/.bplib/progress.json, or in the file "
                                "BPLIB_PROGRESS names (BPLIB_PROGRESS=off turns it off).",
    "progress.cli.show": "print the progress table (the default)",
    "progress.cli.export": "write your progress to FILE",
    "progress.cli.import": "merge the progress saved in FILE into yours",
    "progress.cli.where": "print where your progress is saved",
    "progress.cli.file": "a progress file (JSON)",
    "progress.cli.lang": "the language of the table: en or zh (default: BPLIB_LANG, else en)",
}

ZH: dict[str, str] = {
    # --- the lines a check prints -------------------------------------------------------------
    "exercise": "练习 {number}（{title}）",
    "exercise.untitled": "练习 {number}",
    "line.pass": "✓ {exercise}：{detail}",
    "line.fail": "✗ {exercise}：{why}",
    "line.hint": "  提示：{hint}",
    "passed.inputs": "{n} 组输入全部通过。",
    "passed.one": "通过。",
    "passed.graphs": "{n} 个计算图全部通过。",
    "passed.gradcheck": "{n} 组输入全部通过，gradcheck 也通过。",
    "4.4.passed": "通过（全量损失正确，每次调用都抽取新批次，梯度无偏）。",
    "10.4.passed": "{n} 组输入全部通过，且在 C = {C} 时峰值内存低于 {limit} MB。",
    # --- what went wrong ---------------------------------------------------------------------
    "why.on_case": "{problem}（输入：{case}）",
    "why.none": "函数返回了 None：是不是漏写了 `return`，或者 `...` 占位符还没有替换？",
    "why.not_function": "这里应传入一个函数，实际收到的是 {got}",
    "why.not_class": "这里应传入你的 Function 类（bplib.Function 的子类），实际收到的是 {got}",
    "why.not_defined": "`{name}` 尚未定义：请先运行定义它的单元格，再运行检查，并核对名字的拼写",
    "why.raised": "你的代码抛出了 {error}{where}",
    "why.raised_at": "（第 {line} 行：`{code}`）",
    "why.tuple": "应返回由 {n} 个值组成的元组，实际得到 {got}",
    "why.item": "{name} 中：{problem}",
    "why.not_number": "应返回一个数或一个数组，实际得到 {got}",
    "why.not_bool": "应返回 True 或 False，实际得到 {got}",
    "why.complex": "结果是复数（{got}），应为实数",
    "why.shape": "结果的形状是 {got}，应为 {expected}",
    "why.value": "得到 {got}，应为 {expected}",
    "why.value_at": "下标 {index} 处得到 {got}，应为 {expected}",
    "why.modified": "你的函数原地修改了参数 `{name}`",
    "why.check_error": "检查程序自身出错（{error}），请把它作为 bplib 的缺陷报告给我们",
    "why.returned_not_function": "make_minibatch 返回了 {got}，应返回一个函数 loss_and_grad(W)",
    "why.not_pair": "loss_and_grad(W) 返回了 {got}，应返回二元组 (loss, grad)",
    "why.same_batch": "batch_size = 5 时，在同一个 W 上调用两次得到了相同的损失 {loss}",
    "why.full_batch": "batch_size = N = {N}（整个数据集）时：{problem}",
    "why.biased": "{n} 个批次梯度（batch_size = 5）的平均值不等于全量梯度：{problem}",
    "why.forward_output": "forward 的输出：{problem}",
    "why.forward_none": "forward 返回了 None：是不是漏写了 `return`，或者 `...` 占位符还没有替换？",
    "why.backward_none": "backward 返回了 None：是不是漏写了 `return`，或者 `...` 占位符还没有替换？",
    "why.gradient_for": "{name} 的梯度（backward 的返回值，即局部梯度乘以上游梯度）：{problem}",
    "why.gradcheck": "gradcheck 未通过：{error}",
    "why.not_list": "应返回由 Tensor 组成的列表，实际得到 {got}",
    "why.not_tensor": "列表中的 {got} 不是 Tensor",
    "why.duplicate": "有一个张量在列表中出现了两次",
    "why.missing_tensor": "缺少张量 {name}",
    "why.extra_tensor": "张量 {name} 在列表中，但它不是这个计算图中需要梯度的张量",
    "why.not_first": "列表以 {name} 开头，而不是以输出 {output} 开头",
    "why.before": "{first} 排在了 {second} 之前，而 {second} 正是由它计算得到的",
    "why.not_dict": "应返回字典 {{张量: 梯度}}，实际得到 {got}",
    "why.no_gradient": "没有张量 {name} 的梯度",
    "why.gradient_not_number": "{name} 的梯度是 {got}，不是数或数组",
    "why.gradient_of": "{name} 的梯度：{problem}",
    "why.memory": "数值正确，但在 C = {C} 时你的函数峰值分配了 {peak} MB 内存；一个 C × C 的"
                  "雅可比矩阵需要 {jacobian} MB，而隐式的 VJP 只需要几个向量（每个 {vector} kB）",
    "graph": "计算图 {graph}",
    "graph.neuron": "sigmoid 神经元",
    # --- cases described in words ------------------------------------------------------------
    "2.1.case": "各坐标轴的长度为 {lengths}",
    "4.2.case": "A 的特征值为 {eigenvalues}",
    "4.3.case": "A 的特征值为 {eigenvalues}，lr={lr}",
    # --- hints any exercise can use ----------------------------------------------------------
    "hint.generic": "请逐行对照练习的题目检查你的代码。",
    "hint.modified": "对参数做原地运算（`-=`、`+=`、`x[...] = ...`）会直接写入调用者的数组。请在副本上"
                     "计算，或者构造一个新数组。",
    "hint.not_defined": "检查通过函数名接收你的函数，所以定义该函数的单元格必须先运行，而且不能出错。",
    "hint.apply": "请传入 Function 类本身（例如 Tanh），而不是 Tanh.apply，也不是它的实例。",
    # --- chapters ----------------------------------------------------------------------------
    "ch01.title": "损失函数",
    "ch02.title": "网格搜索优化",
    "ch03.title": "随机搜索优化",
    "ch04.title": "梯度下降",
    "ch05.title": "学习率",
    "ch06.title": "数值方法",
    "ch07.title": "解析方法",
    "ch08.title": "计算图",
    "ch09.title": "自动求导函数",
    "ch10.title": "张量与雅可比矩阵",
    "ch11.title": "综合练习",
    # --- chapter 01 --------------------------------------------------------------------------
    "1.1.title": "数值稳定的 softmax",
    "1.1.hint": "给一行中的每个得分都减去同一个数，softmax 的结果不变。选取这个数，使所有指数都不为正"
                "（见“数值稳定的 softmax”一节），并且每一行单独归一化。",
    "1.1.hint.overflow": "np.exp 溢出了：exp(1000) 为 inf，而 inf / inf 为 nan。给一行中的每个得分都"
                         "减去同一个数，softmax 的结果不变；选取这个数，使最大的指数恰好为 0（见“数值"
                         "稳定的 softmax”一节）。",
    "1.1.hint.axis": "你得到的概率是按列求和为 1，而不是按行：最大值和求和都应针对同一个样本，即在一行"
                     "之内、沿类别方向计算。",
    "1.1.hint.keepdims": "每行的最大值或行和丢掉了被归约的那个轴，因此无法与形状为 (N, C) 的得分对齐。"
                         "请保留被归约的轴（numpy 的 keepdims），让每一行与它自己的值相运算。",
    "1.2.title": "用循环计算 SVM 损失",
    "1.2.hint": "对每个样本先算出它的得分，再对每个错误类别 j ≠ y_i 累加间隔为 1 的违例量，即不含正则项"
                "的式 (2)。对样本和类别做循环；除了求和，不要做别的归约。",
    "1.2.hint.include_yi": "结果恰好多了 N，即每个样本多了一个间隔：循环把正确类别 j = y_i 也算了进去，"
                           "而这一项总是 max(0, 1) = 1。请跳过它（见“笔记对所有 j 求和”一段）。",
    "1.2.hint.mean": "结果小了 N 倍：你对样本取了平均，而练习要求的是笔记中的求和。",
    "1.3.title": "全零分类器的损失",
    "1.3.hint": "当 C 个得分全部相等时，每个类别的概率都相同。这个概率是多少？正确类别的损失 −log p "
                "又是多少？（见“Softmax 损失的手算”一节。）",
    "1.3.hint.probability": "你返回的是正确类别的概率；损失是它的对数的相反数。",
    "1.3.hint.sign": "当 p < 1 时，损失 −log p 为正，而你的结果是负的：请检查符号。",
    # --- chapter 02 --------------------------------------------------------------------------
    "2.1.title": "d 维网格搜索",
    "2.1.hint": "遍历各坐标轴的笛卡儿积中的每一个点（题目中给出了 itertools 里的相应函数），把每个点作为 "
                "numpy 数组对 L 求值一次，最后返回最优点（一维数组）及其得分。",
    "2.1.hint.tie": "得分相同时，你的函数保留了后出现的点。笔记只在得分严格更低时才替换最优点，所以得分"
                    "相同的点中应保留第一个：请检查循环中的比较运算。",
    "2.1.hint.order": "两个返回值的顺序颠倒了：结果应为 (best, best_score)，点在前。",
    "2.2.title": "网格的评估次数",
    "2.2.hint": "先数一条坐标轴上的点数：在 [low, high] 上、两个端点都包括在内，间距不超过 h 时需要多少"
                "个点？d 维网格在它的 d 条坐标轴上都有这么多个点。",
    "2.2.hint.endpoint": "每条坐标轴少了一个点：k 个点之间有 k − 1 个间隔，所以点数比间隔数多一。",
    "2.2.hint.round_down": "当 h 不能整除 high − low 时，间隔数应向上取整；向下取整会使间距大于 h。",
    "2.2.hint.power": "各坐标轴的点数应相乘而不是相加：d 条各有 k 个点的坐标轴构成 k 的 d 次方个网格点。",
    "2.3.title": "由粗到细的网格搜索",
    "2.3.hint": "每一轮：以当前中心为中心、每条坐标轴取 k 个点构建网格，搜索它，把中心移到最优点，再把"
                "半宽缩小为这一轮网格的一个间距。返回最后一轮的结果。",
    "2.3.hint.shrink": "搜索窗口没有缩小：每一轮之后，半宽应变为这一轮网格的一个间距，"
                       "即 2·half_width/(k − 1)。",
    "2.3.hint.centre": "每一轮都在初始中心附近搜索：构建下一轮网格之前，应先把中心移到最优点。",
    # --- chapter 03 --------------------------------------------------------------------------
    "3.1.title": "在盒形区域内随机搜索",
    "3.1.hint": "在循环之前用种子创建一个随机数生成器；每次迭代从中抽取一个 D 维的点，对它求值一次，"
                "只有当得分严格低于当前最优时才保留它。",
    "3.1.hint.rng_in_loop": "每支飞镖都落在同一个点上：随机数生成器在循环内部被重新创建，每次都从种子重新"
                            "开始。请在循环之前只创建一次。",
    "3.2.title": "命中的概率",
    "3.2.hint": "这个概率是体积之比：半径为 r 的 D 维球的体积除以盒形区域 [−a, a]^D 的体积。用一维"
                "（长度为 2r 的线段）和二维（面积为 πr² 的圆盘）检验你的球体积公式。",
    "3.2.hint.box_side": "盒形区域 [−a, a]^D 的边长是 2a 而不是 a：它的体积是 (2a)^D。",
    "3.2.hint.gamma": "D 维球体积公式的分母是 Γ(D/2 + 1) 而不是 Γ(D/2)：用二维的 πr² 检验一下。",
    "3.3.title": "所需的飞镖数",
    "3.3.hint": "n 支飞镖全部未命中的概率是 (1 − p)^n。求使它不超过 1 − confidence 的最小整数 n："
                "两边取对数（两个对数都是负数，所以相除后不等号方向不变）。",
    "3.3.hint.round_down": "n 必须是足以达到置信度的整数支飞镖：应向上取整，而不是向下取整。",
    "3.3.hint.miss": "p 是命中的概率；一支飞镖未命中的概率是 1 − p。",
    "3.4.title": "Metropolis 接受准则",
    "3.4.hint": "改进（delta ≤ 0）总是被接受；变差的移动只有在 u 小于 exp(−delta/T) 时才被接受，而当 "
                "T → 0 时这个值趋于 0。请检查各个判断的先后顺序。",
    "3.4.hint.zero_temperature": "你的函数除以了 T = 0。温度为零时，变差的移动永远不被接受：请在做除法"
                                 "之前先判断这种情况。",
    "3.4.hint.inequality": "与 u 的比较方向反了：当 u 小于 exp(−delta/T) 时才接受变差的移动，这样损失"
                           "增加得越多，就越少被接受。",
    "3.4.hint.sign": "指数的符号反了：对于变差的移动，exp(delta/T) 大于 1，那么所有变差的移动都会被接受。",
    # --- chapter 04 --------------------------------------------------------------------------
    "4.1.title": "用循环实现更新",
    "4.1.hint": "从 w0 的一个副本出发，把笔记中的更新 w ← w − α∇L(w) 恰好执行 `steps` 次，每次都在"
                "当前的 w 处计算梯度（见“更新”一节）。",
    "4.1.hint.sign": "你的 w 在往上坡走：更新应减去学习率乘以梯度，因为 −∇L 才是最速下降的方向。",
    "4.1.hint.modified": "w0 被原地修改了：对一个起初就是 w0 的数组做增量赋值（-=）会写入调用者的数组。"
                         "请从一个新数组开始。",
    "4.1.hint.steps": "更新次数差了一次：更新应恰好执行 `steps` 次（steps = 0 时结果就是 w0）。",
    "4.2.title": "最大稳定学习率",
    "4.2.hint": "在 ½wᵀAw 上，w 的每个特征分量每一步都乘以 1 − α·μ_i（μ_i 是 A 的特征值）。"
                "求出使最大特征值对应的分量"
                "不再缩小的 α（见“步长该多大？四种情形”一节）。",
    "4.2.hint.factor": "1/μ_max 是变化最快的分量开始振荡的地方，而不是开始发散的地方："
                       "|1 − α·μ_max| 在这个学习率的两倍处才达到 1。",
    "4.2.hint.smallest": "这个上界由最大特征值决定：它对应的分量最先发散。",
    "4.2.hint.diagonal": "只有当 A 是对角矩阵时，它的对角元才是特征值；对于旋转过的 A，请计算特征值"
                         "（np.linalg 中有针对对称矩阵的函数）。",
    "4.3.title": "收缩因子",
    "4.3.hint": "每个特征分量每一步都乘以 1 − α·μ_i（μ_i 是 A 的特征值）；"
                "它缩小得多快，取决于这个因子的大小，而与符号无关，"
                "并且由最慢的分量决定整体速度。",
    "4.3.hint.abs": "像 1 − α·μ = −1.5 这样的因子会让分量变号并且变大：请按绝对值比较这些因子。",
    "4.3.hint.slowest": "整个迭代的收敛速度取决于最慢的分量：应取最大的因子，而不是最小的。",
    "4.4.title": "小批量闭包",
    "4.4.hint": "make_minibatch 返回一个以 W 为参数的函数；这个函数每次被调用时，都用 rng 抽取 "
                "batch_size 个互不相同的行，并返回这些行上的 softmax_loss（见“全量还是小批量”一节）。",
    "4.4.hint.drawn_once": "批次只在 make_minibatch 运行时抽取了一次，因此每次调用看到的都是同样的行："
                           "请在返回的函数内部抽取。",
    "4.4.hint.replace": "batch_size = N 时，批次应恰好包含每个样本各一次；有放回抽样会使某些行重复、另一些"
                        "行缺失。",
    "4.4.hint.biased": "有些行从未被抽到（或被抽到得过多）：N 行中的每一行被抽到的可能性都应相同，这样批次"
                       "梯度的平均才等于全量梯度。",
    # --- chapter 05 --------------------------------------------------------------------------
    "5.1.title": "余弦衰减",
    "5.1.hint": "在笔记公式容易计算的几个点上检验你的函数：t = 0 时为 lr0，t = T/2 时为 lr0/2，"
                "t = T 时为 0。",
    "5.1.hint.half": "你的学习率是预期的两倍：t = 0 时调度应从 lr0 开始，所以括号前的系数 ½ 漏掉了。",
    "5.1.hint.sign": "你的调度是上升而不是衰减：t = 0 时余弦为 +1，学习率应为 lr0；t = T 时应为 0。",
    "5.1.hint.period": "余弦的自变量应在 t = T 时恰好达到 π：请检查它被什么数除。",
    "5.2.title": "指数衰减因子",
    "5.2.hint": "把“经过 T 步后学习率达到 lr_end”写成关于 γ 的方程，然后求解（开 T 次方）。",
    "5.2.hint.inverted": "当 lr_end < lr0 时你的 γ 大于 1，学习率会越来越大：比值上下颠倒了。",
    "5.2.hint.root": "经过 T 步，学习率乘以的是 γ 的 T 次方，而不是 γ·T：应开 T 次方，而不是除以 T。",
    "5.3.title": "范围测试的学习率",
    "5.3.hint": "学习率按固定倍数增长，所以它们的对数从 log lr_lo 到 log lr_hi 均匀分布，两端都包括在内"
                "（numpy 有生成等比数列的函数）。",
    "5.3.hint.linear": "你的学习率是等间距的；范围测试需要相邻两项之比为常数，这样每个数量级上的步数才相同。",
    "5.3.hint.endpoint": "最后一个学习率必须恰好是 lr_hi：从 lr_lo 到 lr_hi（含两端）的 `steps` 个学习率"
                         "之间有 steps − 1 个比值。",
    "5.4.title": "预热加余弦衰减",
    "5.4.hint": "分两段：预热期间从 0 线性上升到 lr0；之后是笔记中的余弦衰减，时钟从 t = warmup 开始计，"
                "还剩 T − warmup 步。",
    "5.4.hint.shift": "预热结束后，你的余弦仍使用原来的时钟：它应在 t = warmup 时从 lr0 开始，所以 t 和 T "
                      "都要从预热结束时算起。",
    "5.4.hint.warmup": "预热阶段应从 t = 0 时的 0 线性上升到 t = warmup 时的 lr0。",
    # --- chapter 06 --------------------------------------------------------------------------
    "6.1.title": "中心差分梯度",
    "6.1.hint": "对 x 的每一个元素（x 可以是任意形状：遍历所有下标元组），只把这一个元素分别加上 +eps 和 "
                "−eps 后对 f 求值，再把两个函数值之差除以两点之间的距离。把结果存到一个与 x 形状相同的"
                "数组的同一下标处。",
    "6.1.hint.forward": "你的结果是前向差分：应把该元素向两个方向各推一步，再对两个 f 值作差。",
    "6.1.hint.factor": "你的梯度是预期的两倍：x + eps 和 x − eps 两点相距 2·eps。",
    "6.1.hint.modified": "x 被改动后没有复原：每个被推动过的元素都要精确地恢复原值（或者在副本上推动），"
                         "否则后面的元素和调用者看到的都是偏移过的 x。",
    "6.2.title": "复步导数",
    "6.2.hint": "在复数点 x + i·eps 处对 g 求值，再把虚部除以 eps（见上文的复步公式）。这里不需要两个 g "
                "值相减，所以每一位有效数字都能保留下来。",
    "6.2.hint.finite_difference": "你的结果是有限差分，大约有 6 到 10 位正确数字；检查要求 12 位。请使用"
                                  "复步法：没有减法，eps 可以取 1e-20。",
    "6.2.hint.real": "导数在 g(x + i·eps) 的虚部中，而不是实部中。",
    "6.3.title": "理查德森外推",
    "6.3.hint": "把中心差分 C(h) 写成一个辅助函数。C(eps) 和 C(2·eps) 的导数部分相同，而它们的 h² 误差项"
                "之比为 1 : 4：用两个权重把它们组合起来，使这一项相互抵消，且两个权重之和为 1。",
    "6.3.hint.plain": "这只是普通的中心差分，误差是 eps² 量级的：把步长分别为 eps 和 2·eps 的两个中心差分"
                      "组合起来，使它们的 eps² 项相互抵消。",
    "6.3.hint.swapped": "权重给反了：误差较小的那个步长（eps）应得到较大的权重。",
    "6.4.title": "前向差分的最佳步长",
    "6.4.hint": "把误差模型 ε·f2/2 + u·f0/ε 对 ε 求导，令导数为零，解出 ε > 0。",
    "6.4.hint.factor": "你的 ε 差了一个 √2 倍：求导时不要丢掉截断误差项的系数 ½。",
    "6.4.hint.inverted": "f0 和 f2 的位置颠倒了：曲率越大（f2 越大），步长应越小。",
    # --- chapter 07 --------------------------------------------------------------------------
    "7.1.title": "逻辑回归损失的梯度",
    "7.1.hint": "先把单项 log(1 + exp(−m_i)) 对它的间隔 m_i = y_i wᵀx_i 求导，再经由 m_i 应用链式法则，"
                "对所有样本求和，最后加上正则项的梯度。check_gradient 会告诉你哪些分量有误。",
    "7.1.hint.no_reg": "缺少正则项的梯度：λ‖w‖² 对 ∇L 也有贡献（reg = 0 的那组输入通过了）。",
    "7.1.hint.half_reg": "正则项的梯度只有应有值的一半：λ‖w‖² 的导数是 2λw。",
    "7.1.hint.sign": "数据项的符号反了：log(1 + exp(−m)) 随间隔 m 增大而减小，所以它对 m 的导数为负。",
    "7.1.hint.mean": "你的数据项除以了 N：这个损失函数是对样本求和。",
    "7.2.title": "修正 softmax 梯度",
    "7.2.hint": "先对有错误的版本运行 check_gradient，看看哪些分量出错；再逐行对照“Softmax 损失：P − Y”"
                "一节推导出的梯度，尤其是独热标签和正则项。",
    "7.2.hint.onehot": "数据项仍然加上了独热标签：对得分的梯度是 P − Y，所以正确类别的概率应减去 1。",
    "7.2.hint.half_reg": "正则项的梯度只有应有值的一半：λ‖W‖² 的导数是 2λW。",
    "7.2.hint.both": "两个错误都还在：独热项的符号，以及正则项梯度的系数。",
    "7.2.hint.mean": "你的梯度除以了 N：本练习使用笔记中对样本的求和。",
    "7.3.title": "对数据的梯度",
    "7.3.hint": "X[i, d] 只出现在残差 r_i = y_i − wᵀx_i 中。像推导第 3 步对 w 求导那样，把 r_i² 对 "
                "X[i, d] 求导；结果的形状与 X 相同。",
    "7.3.hint.factor": "你的梯度只有预期值的一半：r² 的导数是 2r。",
    "7.3.hint.sign": "符号反了：当 w_d 为正时，X[i, d] 增大会使 r_i = y_i − wᵀx_i 减小。",
    "7.4.title": "岭回归的闭式解",
    "7.4.hint": "令本章开头推导出的梯度为零，把含 w 的项移到同一边：这就是关于 w 的线性方程组（正规方程）。"
                "用 numpy 的线性方程组求解函数来解，不要显式求逆。",
    "7.4.hint.no_reg": "这是不带正则项的最小二乘解：λ‖w‖² 会在正规方程中给 XᵀX 加上 λ 乘以单位矩阵。",
    "7.4.hint.factor": "正则项在正规方程中是 λI 而不是 2λI：令梯度为零后，两边同除以 2。",
    # --- chapter 08 --------------------------------------------------------------------------
    "8.1.title": "手算梯度",
    "8.1.hint": "给各节点命名（q = x + y，m = max(y, z)，f = q·m），从 ∂f/∂f = 1 出发向后推：乘法交换"
                "输入，加法分发梯度，max 把梯度路由给较大的输入。返回由三个数组成的元组。",
    "8.1.hint.second_use": "∂f/∂y 漏掉了两条路径中的一条：y 同时流入加法和 max，两条路径上的梯度要相加。",
    "8.1.hint.max_route": "max 节点只把梯度传给较大的那个输入，另一个输入的梯度为 0。",
    "8.2.title": "节点的反向传播",
    "8.2.hint": "先求 z = √(x² + y²) 的局部梯度 ∂z/∂x 和 ∂z/∂y；每个下游梯度都等于它的局部梯度乘以上游"
                "梯度 grad_z。",
    "8.2.hint.upstream": "你的梯度忽略了 grad_z：下游梯度 = 局部梯度 × 上游梯度（grad_z = −2 的那组输入"
                         "说明了这一点）。",
    "8.2.hint.local": "√(x² + y²) 的局部梯度要保留链式法则中来自平方根的那个因子：在 x = 3、y = 4（此时 "
                      "z = 5）处检验一下。",
    "8.3.title": "拓扑排序",
    "8.3.hint": "从输出出发，沿 t.grad_fn.inputs 遍历计算图（叶子节点的 grad_fn 为 None；跳过不需要梯度"
                "的输入），每个张量只访问一次，并且只有在所有由它计算得到的张量都已列出之后才列出它。"
                "在访问完输入之后才记录张量的深度优先搜索，得到的正好是所需顺序的逆序。",
    "8.3.hint.order": "当一个值被使用两次时，按到输出的距离排序（广度优先）是不够的，例如分叉 a = 3x，"
                      "b = a·a，f = a + b（见“为什么顺序很重要：拓扑排序”一节）。",
    "8.3.hint.missing": "要沿着每个节点的每一个输入一直走到叶子节点，而不只是第一个输入。",
    "8.3.hint.duplicate": "被使用两次的张量只能出现一次：记住哪些张量已经访问过。",
    "8.3.hint.reversed": "你的列表不是从输出开始的；输出应排在最前面，叶子节点排在最后。",
    "8.3.hint.type": "请返回由 Tensor 对象本身组成的列表（而不是它们的名字或数值）。",
    "8.4.title": "按拓扑排序反向传播",
    "8.4.hint": "输出的梯度从 1 开始；按拓扑排序访问各个张量；对每个有 grad_fn 的张量，把它完整的梯度传给 "
                "grad_fn.backward，再把返回的每个梯度累加到对应输入的条目中（None 表示没有梯度）。",
    "8.4.hint.overwrite": "一个被使用两次的张量只得到了其中一次使用的梯度：应把每个贡献累加到已有的值上，"
                          "而不是覆盖它。",
    "8.4.hint.missing": "topological_order(output) 中的每个张量都需要一个条目，叶子节点也不例外。",
    "8.4.hint.type": "请返回一个把每个 Tensor 映射到其梯度的字典。",
    # --- chapter 09 --------------------------------------------------------------------------
    "9.1.title": "Tanh",
    "9.1.hint": "forward 计算 tanh，并用 ctx.save_for_backward 保存导数 1 − tanh²(x) 所需的量；backward "
                "从 ctx.saved_tensors 中取回它，返回局部梯度乘以 grad_output。",
    "9.1.hint.upstream": "backward 只返回了局部梯度：还要乘以上游梯度 grad_output。",
    "9.1.hint.derivative": "导数 1 − tanh²(x) 是用 tanh 的输出来写的，而不是直接用 x。",
    "9.1.hint.forward": "forward 的输出不是 tanh(x)：请检查 forward 调用的 numpy 函数。",
    "9.2.title": "Divide",
    "9.2.hint": "在 forward 中保存 backward 需要的量。backward 返回两个梯度，先 x 后 y，每个都是局部梯度"
                "乘以上游梯度；推导 ∂(x/y)/∂y 时要格外小心。",
    "9.2.hint.sign": "y 的梯度符号反了：当 x、y 都为正时，x/y 随 y 增大而减小。",
    "9.2.hint.count": "backward 必须为 forward 的每个输入各返回一个梯度：这里是两个。",
    "9.2.hint.order": "两个梯度的顺序颠倒了：请按 forward 输入的顺序返回，x 在前。",
    "9.3.title": "融合的均方误差损失",
    "9.3.hint": "forward 返回一个数，即差值平方的平均值，并保存 backward 需要的量。backward 分别为 pred 和 "
                "target 返回梯度；平均要除以元素个数，而 grad_output（一个数）要同时乘到两个梯度上。",
    "9.3.hint.mean": "你的梯度大了 n 倍：损失是平均值，所以每个元素的导数都要除以元素个数 n。",
    "9.3.hint.target_sign": "target 的梯度符号反了：差值是 pred − target。",
    # --- chapter 10 --------------------------------------------------------------------------
    "10.1.title": "撤销广播",
    "10.1.hint": "广播对输入做了两件事：在前面添加了新的轴，并把大小为 1 的轴拉伸了。通过求和把这两件事都"
                 "撤销，使结果的形状恰好是 `shape`（见“广播及其梯度”一节）。",
    "10.1.hint.keepdims": "一个大小为 1 的轴消失了：对 `shape` 中为 1 的轴求和时，要保留这个轴"
                          "（numpy 的 keepdims）。",
    "10.1.hint.size_one": "只对前面新增的轴求了和：输入中大小为 1 的轴也被拉伸过，同样需要求和还原。",
    "10.2.title": "矩阵乘法的 VJP",
    "10.2.hint": "让形状来决定：dX 的形状与 X 相同，为 (N, D)，由 G (N, M) 和 W (D, M) 相乘得到；dW 的"
                 "形状与 W 相同，由 X 和 G 相乘得到。每个都只有一种排列方式能对上形状。返回元组 (dX, dW)。",
    "10.2.hint.order": "两个梯度的顺序颠倒了：请按参数的顺序返回 (dX, dW)。",
    "10.3.title": "softmax 的雅可比矩阵",
    "10.3.hint": "把 p_i = e^{{s_i}} / Σ_k e^{{s_k}} 对 s_j 求导，分 j = i 和 j ≠ i 两种情况；先像第 01 章那样"
                 "以数值稳定的方式计算 p。",
    "10.3.hint.diagonal": "只填了对角线：softmax 不是逐元素运算，每个 p_i 都依赖于每个 s_j，所以非对角元"
                          "不为零。",
    "10.3.hint.overflow": "在很大的得分上 exp 溢出了：请像第 01 章那样，先减去最大得分再计算概率。",
    "10.3.hint.sign": "符号反了：对角元 p_i(1 − p_i) 是正的。",
    "10.4.title": "softmax 的 VJP",
    "10.4.hint": "先在纸上把 vᵀ(diag(p) − p pᵀ) 展开：两项各自变成一次向量运算，不需要任何 C × C 矩阵。"
                 "以数值稳定的方式计算 p。",
    "10.4.hint.memory": "你的函数构造了一个 C × C 矩阵。先在纸上化简 vᵀ(diag(p) − p pᵀ)：每一项都会变成"
                        "逐元素乘积或点积。",
    "10.4.hint.missing_term": "只有 diag(p) 那一项：缺少 vᵀ(p pᵀ) 这一项，它等于一个数乘以 p。",
    # --- chapter 11 --------------------------------------------------------------------------
    "11.1.title": "逐类准确率",
    "11.1.hint": "样本的预测类别是它那一行中得分最大的类别；类别 c 的准确率，是真实标签为 c 的样本中"
                 "被预测为 c 的比例。",
    "11.1.hint.overall": "这是所有样本合在一起的一个数；练习要求每个类别各有一个准确率，只在真实标签为该"
                         "类别的那些行上计算。",
    "11.1.hint.percent": "这些值看起来是百分数：请返回 0 到 1 之间的比例。",
    "11.1.hint.counts": "这些是预测正确的样本个数：请把每个数除以该类别的样本数。",
    "11.1.hint.over_n": "每个类别预测正确的个数被除以了 N，即全部样本的个数；应除以该类别的样本数。",
    "11.1.hint.precision": "你除以的是*被预测为*各类别的样本数；应除以*真实属于*该类别的样本数（对应混淆"
                           "矩阵的行，而不是列）。",
    "11.2.title": "一轮训练",
    "11.2.passed": "共 {steps} 步；各步梯度和平均损失 {loss} 都正确。",
    "11.2.why.no_steps": "从未调用 opt.step()，所以没有任何参数被更新",
    "11.2.why.steps": "优化器走了 {got} 步，应为 {expected} 步：每个批量一步，每批 {batch_size} 个样本，"
                      "最后一批较小（共 {n} 个样本）",
    "11.2.why.no_grad": "第 {step} 步时 params[{i}] 没有梯度：在 opt.step() 之前没有对损失做反向传播",
    "11.2.why.accumulated": "第 {step} 步时 params[{i}] 的梯度是前 {step} 个批量的梯度之和：梯度被累加了",
    "11.2.why.grad": "第 {step} 步时 params[{i}] 的梯度与预期不同（下标 {index} 处得到 {got}，应为 "
                     "{expected}）",
    "11.2.why.no_number": "函数返回了 {got}；应返回这一轮的平均损失，即一个数",
    "11.2.why.loss": "返回的损失是 {got}，应为 {expected}",
    "11.2.hint": "本章 fit 的内层循环（“训练”一节）做的正是一轮训练：读懂它，并用给定的 loss_fn 代替"
                 "其中的 objective；你的函数还要返回这一轮 N 个样本上的平均损失。",
    "11.2.hint.no_steps": "每个批量反向传播之后，优化器都要走一步。",
    "11.2.hint.steps": "每次取 batch_size 个样本，一直取到 N，包括最后那个较小的批量；每个批量优化器走一步。",
    "11.2.hint.no_grad": "在优化器走这一步之前，先对这个批量的损失调用 backward。",
    "11.2.hint.accumulated": "backward 会把梯度累加到 .grad 中（与 PyTorch 相同）；每个批量都要在反向传播"
                             "之前清除一次旧的梯度。",
    "11.2.hint.grad": "按 rng.permutation 给出的顺序使用样本（每轮只调用一次），每次取这个顺序中连续的 "
                      "batch_size 个下标，并且只在这个批量上使用给定的 loss_fn。",
    "11.2.hint.unweighted": "这是各批量损失的简单平均，但最后一个批量较小：应按样本数给每个批量的损失"
                            "加权，再除以 N。",
    "11.2.hint.sum": "这是各批量损失之和；要求的是这一轮所有样本上的平均值。",
    "11.2.hint.last": "这只是最后一个批量的损失；要求的是整轮的平均损失。",
    "11.2.hint.loss": "整轮的平均损失：每个批量的损失（在它那一步更新之前计算）乘以该批量的样本数，"
                      "求和后再除以 N。",
    "11.3.title": "5 轮训练的学习率",
    "11.3.passed": "lr = {lr}：验证集准确率为 {acc}。",
    "11.3.why.none": "lr_five 是 None：请把它设为你选定的学习率（`...` 占位符是不是还没有替换？）",
    "11.3.why.not_rate": "这里应为一个学习率，即一个 > 0 的数；实际得到 {got}",
    "11.3.why.bad_history": "fit 返回了 {got}；应返回本章的训练记录，即含有 'val_acc' 和 'diverged' "
                            "的字典",
    "11.3.why.diverged": "lr = {lr} 时训练发散了",
    "11.3.why.low": "lr = {lr} 时，5 轮训练后验证集准确率为 {acc}；至少应为 0.95",
    "11.3.hint": "用 fit 训练 5 轮，试几个相差约 3 倍的学习率（即对数刻度，与本章随机搜索的做法相同），"
                 "保留最好的那个。",
    "11.3.hint.fit": "请原样传入本章自己的 fit 函数和 data 字典（先运行定义它们的单元格）。",
    "11.3.hint.diverged": "这个学习率太大了：每一步都冲过了头；试一个大约小 10 倍的。",
    "11.3.hint.low": "学习率太小，5 轮走不了多远；试更大的学习率，每次大约增大 3 倍，直到准确率不再提高。",
    "11.3.hint.high": "这个学习率太大了：余弦衰减最初、最大的几步冲过了头，5 轮不足以恢复；试更小的学习率，"
                      "每次大约缩小 3 倍。",
    "11.4.title": "期末项目",
    "11.4.passed": "在 {n} 个测试数字上的测试准确率为 {acc}（≥ 0.96）。",
    "11.4.why.not_predict": "train_and_predict 返回了 {got}；应返回一个函数 predict(X)",
    "11.4.why.shape": "对 {n} 个测试数字，predict 返回了 {got}；应返回 {n} 个标签，或形状为 ({n}, 10) "
                      "的得分数组",
    "11.4.why.array": "一个形状为 {shape} 的数组",
    "11.4.why.low": "在 {n} 个测试数字上的测试准确率为 {acc}；至少应为 0.96",
    "11.4.hint": "在训练集上训练，按验证集准确率选择各项设置，然后返回一个函数：它把形状为 (N, 64) 的数字"
                 "数组映射为 N 个标签（或形状为 (N, 10) 的得分）。",
    "11.4.hint.low": "与本章的 MLP 比较：更多的隐藏单元或再加一个隐藏层、更多轮次、调好的学习率（在验证集"
                     "上选，绝不在测试集上选）。",
    # --- the progress table ------------------------------------------------------------------
    "progress.title": "练习进度（{where}）",
    "progress.saved_in": "保存在 {path}",
    "progress.off": "进度记录已关闭（BPLIB_PROGRESS={value}）",
    "progress.col.chapter": "章节",
    "progress.col.passed": "已通过",
    "progress.col.attempted": "已尝试",
    "progress.col.total": "总数",
    "progress.col.next": "下一步",
    "progress.item": "{number}（{title}）",
    "progress.next.done": "已完成 ✓",
    "progress.next.retry": "重做 {item}",
    "progress.next.start": "先做 {item}",
    "progress.next.continue": "继续做 {item}",
    "progress.overall": "总计：{total} 道练习中已通过 {passed} 道（{percent} %），已尝试 {attempted} 道。",
    "progress.overall.next": "下一步：第 {chapter} 章，练习 {item}。",
    "progress.overall.done": "全部练习均已通过：课程完成。",
    "progress.empty": "还没有检查过任何练习：在任意一章中运行一次检查，结果就会记录在这里。",
    "progress.warn.unwritable": "无法把练习进度保存到 {path}（{error}）。检查仍可正常使用；如需保留"
                                "进度，请把 BPLIB_PROGRESS 设为一个可写的文件。",
    "progress.warn.corrupt": "无法读取进度文件 {path}（{error}）；它已被移到 {backup}，并新建了一个"
                             "进度文件。",
    "progress.warn.unreadable": "无法读取进度文件 {path}（{error}）；该文件保持原样，进度不会保存"
                                "到其中。",
    "progress.warn.language": "检查程序不支持 BPLIB_LANG={value!r}（可用：{languages}）；"
                              "改用英语。",
    "progress.error.not_progress": "{path} 不是 bplib 的进度文件：{error}",
    "progress.error.missing": "{path} 不存在",
    "progress.exported": "已把 {exercises} 道练习的 {attempts} 次尝试导出到 {path}。",
    "progress.imported": "已导入 {path}：{new} 次新的尝试已合并到 {target}（共记录 {exercises} 道练习）。",
    "progress.cli.description": "显示你在本书练习中的进度，或者导出、导入进度（Colab 运行时会丢失磁盘"
                                "内容：结束前请导出，下次再导入）。每次检查的结果都记录在 "
                                "~/.bplib/progress.json 中，或者记录在 BPLIB_PROGRESS 指定的文件中"
                                "（BPLIB_PROGRESS=off 表示不记录）。",
    "progress.cli.show": "打印进度表（默认）",
    "progress.cli.export": "把你的进度写入 FILE",
    "progress.cli.import": "把 FILE 中保存的进度合并到你的进度中",
    "progress.cli.where": "打印进度的保存位置",
    "progress.cli.file": "一个进度文件（JSON）",
    "progress.cli.lang": "表格的语言：en 或 zh（默认取 BPLIB_LANG，否则为 en）",
}

LANGUAGES: dict[str, dict[str, str]] = {"en": EN, "zh": ZH}

_chosen: str | None = None
_warned_env: set[str] = set()


def _normalise(language: str) -> str:
    """``zh_CN.UTF-8`` → ``zh``, ``en-US`` → ``en``."""
    return language.strip().lower().replace("-", "_").split(".")[0].split("_")[0]


def set_language(language: str | None) -> None:
    """Choose the language of the checks' messages and of the progress table.

    Parameters
    ----------
    language : str or None
        ``"en"`` or ``"zh"`` (``"zh_CN"``, ``"zh-CN"`` and the like are accepted); None goes
        back to the environment variable ``BPLIB_LANG`` (English if it is not set).

    Raises
    ------
    ValueError
        For a language without a message table.

    Examples
    --------
    >>> set_language("zh_CN"); get_language()
    'zh'
    >>> set_language(None)

    The Chinese edition's notebooks call it in their first cell.
    """
    global _chosen
    if language is None:
        _chosen = None
        return
    if not isinstance(language, str):
        raise TypeError(f"set_language: language must be a string such as 'en' or 'zh', "
                        f"got {language!r}")
    code = _normalise(language)
    if code not in LANGUAGES:
        raise ValueError(f"set_language: language must be one of {sorted(LANGUAGES)}, "
                         f"got {language!r}")
    _chosen = code


def get_language() -> str:
    """The language in use: the one :func:`set_language` chose, else ``BPLIB_LANG``, else
    ``"en"``.

    Returns
    -------
    str
        ``"en"`` or ``"zh"``.

    Examples
    --------
    >>> get_language() in LANGUAGES
    True
    """
    if _chosen is not None:
        return _chosen
    value = os.environ.get("BPLIB_LANG", "")
    if not value.strip():
        return "en"
    code = _normalise(value)
    if code in LANGUAGES:
        return code
    if value not in _warned_env:
        _warned_env.add(value)
        warnings.warn_explicit(EN["progress.warn.language"].format(
            value=value, languages=", ".join(sorted(LANGUAGES))), UserWarning,
            filename="bplib.exercises.messages", lineno=0, module="bplib.exercises.messages")
    return "en"


def has(key: str) -> bool:
    """Whether the English table (the reference) has ``key``."""
    return key in EN


def text(key: str, **values: object) -> str:
    """The message ``key`` in the current language, with its placeholders filled.

    Parameters
    ----------
    key : str
        A key of the tables, for example ``"why.value"`` or ``"4.1.hint"``.
    **values : object
        The placeholders' values.

    Returns
    -------
    str

    Raises
    ------
    KeyError
        When no table has ``key``.

    Examples
    --------
    >>> text("why.shape", got=(3,), expected=(3, 1))
    'the result has shape (3,), expected shape (3, 1)'
    """
    table = LANGUAGES[get_language()]
    template = table.get(key)
    if template is None:
        template = EN[key]
    return template.format(**values)
