// Streamlit's automatic page list closes the menu on a phone after a click; the menu's own links
// (st.page_link) do not, so on a phone the next page would open hidden behind the menu. When the menu
// covers most of the screen, a click on one of its links closes it. Installed once per browser tab.
(() => {
  if (document.fineTuneAdvisorClosesMenu) return;
  document.fineTuneAdvisorClosesMenu = true;
  document.addEventListener("click", (event) => {
    const link = event.target instanceof Element && event.target.closest('[data-testid="stSidebar"] a');
    const menu = document.querySelector('[data-testid="stSidebar"]');
    if (!link || !menu || menu.getBoundingClientRect().right < window.innerWidth * 0.6) return;
    setTimeout(() => document.querySelector('[data-testid="stSidebarCollapseButton"] button')?.click(), 0);
  }, true);
})();
