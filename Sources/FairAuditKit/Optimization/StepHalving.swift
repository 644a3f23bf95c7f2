/// Backtracking along a search direction, shared by the Newton-type optimisers and the boosting
/// Fair GLMM: the step length t starts at `maxStep` and is halved until `accept(t)` holds, at most
/// `halvings` times. Returns the accepted t (nil when none) and the number of trials, each one
/// objective evaluation for the fit log.
enum StepHalving {
  static func search(maxStep: Double = 1, halvings: Int, accept: (Double) -> Bool) -> (t: Double?, trials: Int) {
    var t = maxStep
    for trial in 0...halvings {
      if accept(t) { return (t, trial + 1) }
      t /= 2
    }
    return (nil, halvings + 1)
  }
}
