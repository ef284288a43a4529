// The budget bar on the ballot: updates as projects are ticked. Without JavaScript the
// "Räkna om" button asks the server for the same figures.
(function () {
  "use strict";
  var form = document.getElementById("ballot");
  if (!form) { return; }
  var budget = parseInt(form.dataset.budget || "0", 10);
  var most = parseInt(form.dataset.most || "0", 10);
  var spent = document.getElementById("spent");
  var left = document.getElementById("left");
  var bar = document.getElementById("budget-bar");
  var locale = document.documentElement.lang || "sv";
  var number = new Intl.NumberFormat(locale, {maximumFractionDigits: 0});
  // the same form as the server's money filter: whole kronor, then "kr"
  var kronor = {format: function (n) { return number.format(n) + "\u00a0kr"; }};
  function update() {
    var boxes = form.querySelectorAll("input[name=project]");
    var total = 0, count = 0;
    boxes.forEach(function (box) {
      if (box.checked) { total += parseInt(box.dataset.cost, 10); count += 1; }
    });
    if (budget && spent && left && bar) {
      spent.textContent = spent.dataset.template.replace("{spent}", kronor.format(total)).replace("{budget}", kronor.format(budget));
      left.textContent = (total <= budget ? left.dataset.left : left.dataset.over).replace("{amount}", kronor.format(Math.abs(budget - total)));
      bar.value = Math.min(total, budget);
      form.classList.toggle("over-budget", total > budget);
    } else if (spent && most) {
      spent.textContent = spent.dataset.template.replace("{count}", count).replace("{most}", most);
    }
  }
  form.addEventListener("change", update);
}());
