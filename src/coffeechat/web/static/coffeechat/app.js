// coffeechat's own small script. Pages work without it; it only adds conveniences.
document.addEventListener("keydown", (event) => {
  // "/" jumps to the search box, as in many web apps, unless the user is typing somewhere.
  const typing = ["INPUT", "TEXTAREA", "SELECT"].includes(document.activeElement?.tagName);
  if (event.key === "/" && !typing) {
    const box = document.querySelector(".topsearch input");
    if (box) { event.preventDefault(); box.focus(); }
  }
});

// The composer's "Copy the message" button: subject and text to the clipboard, then say so.
document.addEventListener("click", async (event) => {
  const button = event.target.closest("[data-copy-from]");
  if (!button) return;
  const body = document.querySelector(button.dataset.copyFrom)?.value ?? "";
  const subject = document.querySelector(button.dataset.copySubject)?.value ?? "";
  const status = button.parentElement.querySelector(".copied");
  try {
    await navigator.clipboard.writeText(subject ? `Subject: ${subject}\n\n${body}` : body);
    if (status) status.textContent = "Copied. Paste it into your message, send it, then press “I sent it”.";
  } catch {
    if (status) status.textContent = "Your browser did not allow copying: select the text and copy it by hand.";
  }
});
