/// The inner rectangle where data is drawn, derived from the canvas size and margins; kept
/// at least 1 px wide and high so scales never divide by zero on tiny canvases.
struct PlotArea: Equatable {
  let left: Double
  let top: Double
  let right: Double
  let bottom: Double

  init(width: Double, height: Double, left: Double, top: Double, right: Double, bottom: Double) {
    self.left = left
    self.top = top
    self.right = max(left + 1, width - right)
    self.bottom = max(top + 1, height - bottom)
  }

  var width: Double { right - left }
  var height: Double { bottom - top }
  var centerX: Double { (left + right) / 2 }
  var centerY: Double { (top + bottom) / 2 }
}
