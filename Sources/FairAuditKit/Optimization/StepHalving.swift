/// Backtracking along a search direction, shared by the Newton-type optimisers: the step length
/// t starts at `maxStep` and is halved until `accept(t)` holds, at most `halvings` times; every
/// trial is one objective evaluation in the fit log.
enum StepHalving {
  static func search(maxStep: Double = 1, halvings: Int, log: inout FitLog, accept: (Double) -> Bool) -> Double? {
    var t = maxStep
    for _ in 0...halvings {
      log.count()
      if accept(t) { return t }
      t /= 2
    }
    return nil
  }
}
