// Hovering a rep in any view highlights it in every view (marks share data-rep).
(function () {
  var marks = document.querySelectorAll('[data-rep]');
  function light(k, on) {
    document.querySelectorAll('[data-rep="' + k + '"]').forEach(function (el) {
      el.classList.toggle('hl', on);
    });
  }
  marks.forEach(function (el) {
    el.addEventListener('mouseenter', function () { light(el.getAttribute('data-rep'), true); });
    el.addEventListener('mouseleave', function () { light(el.getAttribute('data-rep'), false); });
  });
})();
