// coffeechat's own small script. Pages work without it; it only adds conveniences.
document.addEventListener("keydown", (event) => {
  // "/" jumps to the search box, as in many web apps, unless the user is typing somewhere.
  const typing = ["INPUT", "TEXTAREA", "SELECT"].includes(document.activeElement?.tagName);
  if (event.key === "/" && !typing) {
    const box = document.querySelector(".topsearch input");
    if (box) { event.preventDefault(); box.focus(); }
  }
});
