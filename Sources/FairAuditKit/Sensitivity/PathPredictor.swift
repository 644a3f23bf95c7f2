/// Warm starts along a path theta(t): the secant extrapolation theta1 + (theta1 - theta0)(t - t1)/(t1 - t0)
/// from the last two solutions, or the last solution when there is only one. Its error is
/// O(dt^2) instead of O(dt), which saves Newton iterations at every point. On a bound path
/// (t = c) the extrapolated covariance of a constraint active at both earlier points is exactly
/// the new c, since g is linear in theta.
struct PathPredictor {
  private var previous: (t: Double, theta: [Double])?
  private var last: (t: Double, theta: [Double])?

  /// The start for the point at t; nil before the first solution.
  func start(at t: Double) -> [Double]? {
    guard let last else { return nil }
    guard let previous, previous.t != last.t, previous.t.isFinite, last.t.isFinite, t.isFinite else { return last.theta }
    let step = (t - last.t) / (last.t - previous.t)
    return zip(last.theta, previous.theta).map { $0 + ($0 - $1) * step }
  }

  mutating func record(_ t: Double, _ theta: [Double]) {
    previous = last
    last = (t, theta)
  }
}
