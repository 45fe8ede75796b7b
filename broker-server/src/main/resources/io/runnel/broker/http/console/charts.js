'use strict';
// A small time-series line chart on a canvas, for the console's live charts: no library, no build step.
// new LineChart(canvas, legendElement, {windowMs, format}); chart.push(timeMs, {seriesName: value, ...}).
(function () {
  const COLORS = ['#1f6feb', '#1a7f37', '#cf222e', '#9a6700', '#8250df', '#bf3989', '#0a7ea4', '#6e7781'];

  class LineChart {
    constructor(canvas, legend, options) {
      this.canvas = canvas;
      this.legend = legend;
      this.windowMs = (options && options.windowMs) || 5 * 60 * 1000;
      this.format = (options && options.format) || (v => String(Math.round(v)));
      this.series = new Map(); // name -> {color, points: [[t, v]]}
      this.resize = () => this.draw();
      window.addEventListener('resize', this.resize);
    }

    push(t, values) {
      for (const [name, value] of Object.entries(values)) {
        if (!this.series.has(name)) {
          this.series.set(name, {color: COLORS[this.series.size % COLORS.length], points: []});
          this.renderLegend();
        }
        const s = this.series.get(name);
        s.points.push([t, value]);
        while (s.points.length > 2 && s.points[0][0] < t - this.windowMs) {
          s.points.shift();
        }
      }
      this.draw();
    }

    renderLegend() {
      if (!this.legend) return;
      this.legend.textContent = '';
      for (const [name, s] of this.series) {
        const item = document.createElement('span');
        const swatch = document.createElement('i');
        swatch.style.background = s.color;
        item.append(swatch, name);
        this.legend.append(item);
      }
    }

    draw() {
      const c = this.canvas;
      const ratio = window.devicePixelRatio || 1;
      const w = c.clientWidth, h = c.clientHeight;
      if (w === 0 || h === 0) return;
      if (c.width !== Math.round(w * ratio) || c.height !== Math.round(h * ratio)) {
        c.width = Math.round(w * ratio);
        c.height = Math.round(h * ratio);
      }
      const g = c.getContext('2d');
      g.setTransform(ratio, 0, 0, ratio, 0, 0);
      g.clearRect(0, 0, w, h);
      const style = getComputedStyle(document.body);
      const muted = style.getPropertyValue('--muted') || '#888';
      const line = style.getPropertyValue('--line') || '#ddd';
      let tMax = 0, vMax = 0;
      for (const s of this.series.values()) {
        for (const [t, v] of s.points) {
          tMax = Math.max(tMax, t);
          if (Number.isFinite(v)) vMax = Math.max(vMax, v);
        }
      }
      if (tMax === 0) {
        g.fillStyle = muted;
        g.font = '12px system-ui, sans-serif';
        g.fillText('waiting for data…', 10, h / 2);
        return;
      }
      const tMin = tMax - this.windowMs;
      const top = niceCeiling(vMax);
      const left = 56, right = 8, bottom = 18, topPad = 6;
      const x = t => left + (t - tMin) / this.windowMs * (w - left - right);
      const y = v => topPad + (1 - v / top) * (h - topPad - bottom);
      g.font = '11px system-ui, sans-serif';
      g.strokeStyle = line;
      g.fillStyle = muted;
      g.lineWidth = 1;
      for (let i = 0; i <= 4; i++) {
        const v = top * i / 4;
        const yy = Math.round(y(v)) + 0.5;
        g.beginPath(); g.moveTo(left, yy); g.lineTo(w - right, yy); g.stroke();
        g.fillText(this.format(v), 4, yy + 4);
      }
      const minutes = Math.round(this.windowMs / 60000);
      for (let m = 0; m <= minutes; m++) {
        const t = tMax - m * 60000;
        g.fillText(m === 0 ? 'now' : '-' + m + 'm', x(t) - (m === 0 ? 18 : 10), h - 4);
      }
      for (const s of this.series.values()) {
        g.strokeStyle = s.color;
        g.lineWidth = 1.8;
        g.beginPath();
        let started = false;
        for (const [t, v] of s.points) {
          if (t < tMin || !Number.isFinite(v)) { started = false; continue; }
          if (started) g.lineTo(x(t), y(v)); else { g.moveTo(x(t), y(v)); started = true; }
        }
        g.stroke();
        const last = s.points[s.points.length - 1];
        if (last && last[0] >= tMin && Number.isFinite(last[1])) {
          g.fillStyle = s.color;
          g.beginPath(); g.arc(x(last[0]), y(last[1]), 2.5, 0, 2 * Math.PI); g.fill();
        }
      }
    }

    destroy() {
      window.removeEventListener('resize', this.resize);
    }
  }

  function niceCeiling(v) {
    if (v <= 0) return 1;
    const p = Math.pow(10, Math.floor(Math.log10(v)));
    for (const m of [1, 2, 2.5, 5, 10]) {
      if (m * p >= v) return m * p;
    }
    return 10 * p;
  }

  window.LineChart = LineChart;
})();
