// Hovering a rep (or a descent) in any view highlights it in every view: the marks of one
// rep share data-rep, those of one descent data-descent.
(function () {
  ['data-rep', 'data-descent'].forEach(function (key) {
    function light(k, on) {
      document.querySelectorAll('[' + key + '="' + k + '"]').forEach(function (el) {
        el.classList.toggle('hl', on);
      });
    }
    document.querySelectorAll('[' + key + ']').forEach(function (el) {
      el.addEventListener('mouseenter', function () { light(el.getAttribute(key), true); });
      el.addEventListener('mouseleave', function () { light(el.getAttribute(key), false); });
    });
  });
})();
