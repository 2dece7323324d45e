// Tell the shell the page is on screen, once: after it has loaded and a
// frame showing it has been painted (a timer set from an animation-frame
// callback fires after that frame's paint), as Job Forge's window does.
// The marks are milliseconds since the page's time origin.
const script = performance.now();
window.addEventListener("load", () => {
  requestAnimationFrame(() => {
    setTimeout(() => {
      window.__TAURI__.core.invoke("ready", {
        origin: performance.timeOrigin,
        script,
        painted: performance.now(),
      });
    }, 0);
  });
});
