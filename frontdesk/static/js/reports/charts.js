// Draws each report's chart with Chart.js (from npm, the classic script before this module) from
// the same rows as the table beside it.

// Colours that stay apart for the common kinds of colour blindness (Okabe-Ito).
const COLOURS = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442"];
// Scores 1 to 5: from orange-red (not helpful) through grey to blue (very helpful).
const SCORE_COLOURS = ["#D55E00", "#E69F00", "#999999", "#56B4E9", "#0072B2"];

function tick(unit) {
  if (unit === "percent") return (value) => value + " %";
  if (unit === "seconds") return (value) => (value >= 60 ? Math.round(value / 6) / 10 + " min" : value + " s");
  return (value) => value;
}

function scales(data) {
  const unit = data.series[0].unit;
  const valueAxis = {
    beginAtZero: true, stacked: data.stacked,
    ticks: { callback: tick(unit), precision: unit === "count" ? 0 : undefined },
  };
  if (unit === "percent") valueAxis.max = 100;
  const labelAxis = { stacked: data.stacked, ticks: { autoSkip: true, maxRotation: 0 } };
  return data.horizontal ? { x: valueAxis, y: labelAxis } : { x: labelAxis, y: valueAxis };
}

function draw(script) {
  const data = JSON.parse(script.textContent);
  const canvas = document.getElementById(script.dataset.canvas);
  if (!canvas || !window.Chart) return;
  const line = data.kind === "line";
  const colours = data.palette === "scores" ? SCORE_COLOURS : COLOURS;
  new window.Chart(canvas, {
    type: data.kind,
    data: {
      labels: data.labels,
      datasets: data.series.map((series, n) => ({
        label: series.label, data: series.data, spanGaps: true,
        backgroundColor: colours[n % colours.length], borderColor: colours[n % colours.length],
        borderWidth: line ? 2 : 0, pointRadius: line ? 3 : 0,
      })),
    },
    options: {
      animation: false, responsive: true, maintainAspectRatio: false,
      indexAxis: data.horizontal ? "y" : "x",
      scales: scales(data),
      plugins: { legend: { display: data.series.length > 1, position: "bottom" } },
    },
  });
  canvas.closest(".chart").dataset.drawn = "yes";
}

document.querySelectorAll("script.chart-data").forEach(draw);
