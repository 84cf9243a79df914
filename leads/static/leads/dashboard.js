/* Draws the dashboard's charts from the JSON the page embeds (no network). */
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("dashboard-data").textContent);
  var charts = window.tattoobotCharts = [];
  function bar(id, labels, values, label) {
    var canvas = document.getElementById(id);
    if (!canvas || typeof Chart === "undefined") { return; }
    charts.push(new Chart(canvas, {
      type: "bar",
      data: { labels: labels, datasets: [{ label: label, data: values, backgroundColor: "#417690" }] },
      options: { animation: false, plugins: { legend: { display: false } }, scales: { y: { beginAtZero: true, ticks: { precision: 0 } } } }
    }));
  }
  var statuses = Object.keys(data.by_status);
  bar("chart-status", statuses, statuses.map(function (s) { return data.by_status[s]; }), "leads");
  var stages = Object.keys(data.reached);
  bar("chart-funnel", ["first message"].concat(stages), [data.leads].concat(stages.map(function (s) { return data.reached[s]; })), "leads");
  var questions = Object.keys(data.drop_off);
  bar("chart-drop-off", questions, questions.map(function (q) { return data.drop_off[q]; }), "stopped at");
  bar("chart-per-day", data.per_day.map(function (d) { return d[0]; }), data.per_day.map(function (d) { return d[1]; }), "new leads");
  document.body.setAttribute("data-charts-drawn", String(charts.length));
})();
