// Draws the dashboard's charts with ECharts from the figures the server put
// in #charts (data-charts); each bar opens the standards behind it. The
// tables below the charts carry the same figures and links without script.
(function () {
  'use strict';
  var holder = document.getElementById('charts');
  if (!holder || !window.echarts) { return; }
  var data = JSON.parse(holder.getAttribute('data-charts'));
  var drawn = [];

  function open(urls) {
    return function (p) { if (urls[p.dataIndex]) { window.location.href = urls[p.dataIndex]; } };
  }

  function cycleChart(id, s, rotate) {
    var el = document.getElementById(id);
    if (!el) { return; }
    if (!s.labels.length) { el.textContent = '此范围内没有已结束的制定周期。'; el.className += ' muted'; return; }
    var chart = echarts.init(el);
    var target = data.target ? [{ yAxis: data.target, name: '目标', label: { formatter: '目标 {c} 个月' } }] : [];
    chart.setOption({
      animation: false,
      tooltip: { trigger: 'axis' },
      legend: { top: 0, data: ['平均', '中位数', '90% 分位'] },
      grid: { left: 48, right: 64, bottom: rotate ? 90 : 40, top: 48 },
      xAxis: { type: 'category', data: s.labels, axisLabel: { rotate: rotate ? 40 : 0, interval: 0 } },
      yAxis: { type: 'value', name: '月' },
      series: [
        { name: '平均', type: 'bar', data: s.mean, cursor: 'pointer',
          markLine: { symbol: 'none', lineStyle: { color: '#c62828', type: 'dashed', width: 2 }, data: target } },
        { name: '中位数', type: 'line', data: s.median },
        { name: '90% 分位', type: 'line', data: s.p90, lineStyle: { type: 'dotted' } }
      ]
    });
    chart.on('click', open(s.urls));
    drawn.push(chart);
  }

  function indicatorChart(id, points) {
    var el = document.getElementById(id);
    if (!el || !points.length) { return; }
    var chart = echarts.init(el);
    chart.setOption({
      animation: false,
      tooltip: { formatter: function (p) { return p.name + '：目标的 ' + p.value + '%'; } },
      grid: { left: el.clientWidth < 500 ? 110 : 190, right: 40, top: 20, bottom: 30 },
      xAxis: { type: 'value', name: '%', max: function (v) { return Math.max(100, Math.ceil(v.max / 10) * 10); } },
      yAxis: { type: 'category', inverse: true, data: points.map(function (p) { return p.label; }),
        axisLabel: { width: el.clientWidth < 500 ? 100 : 180, overflow: 'break' } },
      series: [{
        type: 'bar', cursor: 'pointer',
        data: points.map(function (p) {
          var good = p.at_most ? p.progress <= 100 : p.progress >= 100;
          return { value: p.progress, itemStyle: { color: good ? '#1a7f37' : '#e0a100' } };
        }),
        markLine: { symbol: 'none', lineStyle: { color: '#c62828', type: 'dashed', width: 2 }, label: { show: false }, data: [{ xAxis: 100, name: '目标' }] }
      }]
    });
    chart.on('click', open(points.map(function (p) { return p.url; })));
    drawn.push(chart);
  }

  // The distribution: bar n spans the months from n-1 to n and counts
  // the cycles over n-1 months and up to n, so a cycle of exactly the
  // target stands left of the target line, with the others within it.
  // Green up to the target, red past it; a green bar opens the standards
  // within the target, a red one those past it.
  function histogramChart(id, h) {
    var el = document.getElementById(id);
    if (!el) { return; }
    if (!h.months.length) { el.textContent = '此范围内没有已结束的制定周期。'; el.className += ' muted'; return; }
    var chart = echarts.init(el);
    var last = h.months[h.months.length - 1];
    var within = function (m) { return !data.target || m <= data.target; };
    var line = data.target ? [{ xAxis: data.target, name: '目标', label: { formatter: '目标 ' + data.target + ' 个月' } }] : [];
    chart.setOption({
      animation: false,
      tooltip: { trigger: 'item', formatter: function (p) {
        var m = h.months[p.dataIndex];
        return (m - 1) + '–' + m + ' 个月：' + h.counts[p.dataIndex] + ' 项' + (data.target ? (within(m) ? '（目标内）' : '（超过目标）') : '');
      } },
      grid: { left: 48, right: 64, bottom: 48, top: 30 },
      xAxis: { type: 'value', name: '月', min: 0, max: Math.max(last, data.target || 0) + 1, minInterval: 1 },
      yAxis: { type: 'value', name: '标准数', minInterval: 1 },
      series: [{
        type: 'bar', barWidth: '90%', cursor: 'pointer',
        data: h.counts.map(function (n, i) {
          var m = h.months[i];
          return { value: [m - 0.5, n], itemStyle: { color: within(m) ? '#1a7f37' : '#c62828' } };
        }),
        markLine: { symbol: 'none', lineStyle: { color: '#c62828', type: 'dashed', width: 2 }, data: line }
      }]
    });
    chart.on('click', function (p) {
      if (p.componentType !== 'series') { return; }
      window.location.href = within(h.months[p.dataIndex]) ? h.within_url : h.past_url;
    });
    drawn.push(chart);
  }

  // Where the months go: the mean days the cycles spent in each stage.
  function stagesChart(id, s) {
    var el = document.getElementById(id);
    if (!el) { return; }
    if (!s.count.some(function (n) { return n > 0; })) { el.textContent = '此范围内没有记录阶段变更的标准。'; el.className += ' muted'; return; }
    var chart = echarts.init(el);
    chart.setOption({
      animation: false,
      tooltip: { trigger: 'item', formatter: function (p) { return p.name + '：平均 ' + p.value + ' 天（' + s.count[p.dataIndex] + ' 项）'; } },
      grid: { left: 80, right: 48, bottom: 40, top: 20 },
      xAxis: { type: 'value', name: '天' },
      yAxis: { type: 'category', inverse: true, data: s.labels },
      series: [{ type: 'bar', data: s.days, cursor: 'pointer', itemStyle: { color: '#1f5fa8' },
        label: { show: true, position: 'right', formatter: '{c} 天' } }]
    });
    chart.on('click', function () { window.location.href = s.url; });
    drawn.push(chart);
  }

  indicatorChart('chart-indicators', data.indicators);
  histogramChart('chart-histogram', data.histogram);
  stagesChart('chart-stages', data.stages);
  cycleChart('chart-by-year', data.by_year, false);
  cycleChart('chart-by-region', data.by_region, true);
  window.addEventListener('resize', function () { drawn.forEach(function (c) { c.resize(); }); });
}());
