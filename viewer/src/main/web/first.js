// The sample page's first part, run before the page script (NiiVue: a file of megabytes the browser compiles for
// a while the first time): it puts the server's first picture of the sample on screen (three views through its largest
// class, in the page's colours) while NiiVue starts. Where WebGL runs on the CPU, NiiVue takes seconds to compile its
// shaders and build a CT's textures, and its compiling holds the page's thread, so the page script attaches NiiVue
// only once the picture is shown: it awaits window.firstPicture, the voxel the picture goes through and its grey
// window (null when there is none), and opens NiiVue the same way.
const timings = (window.pageTimings = { first: performance.now() }) // ms since the page was asked for

function nextFrame() {
  return new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)))
}

async function showPicture() {
  const config = JSON.parse(document.getElementById('config').textContent)
  // NiiVue starts once the browser has painted the picture (Element Timing, or two frames where the browser has none,
  // and after 3 s whatever happens): where WebGL runs on the CPU its compiling would hold back the frame that shows it
  const painted = 'PerformanceElementTiming' in window
    ? new Promise((resolve) => new PerformanceObserver((list) => {
      timings.painted = list.getEntries()[0].renderTime
      resolve()
    }).observe({ type: 'element' }))
    : null
  const response = await fetch(config.preview) // the answer to the page's preload of it
  timings.answered = performance.now()
  if (!response.ok) throw new Error(config.preview + ': ' + response.status + ' ' + (await response.text()))
  const img = document.getElementById('preview')
  img.src = URL.createObjectURL(await response.blob())
  await img.decode()
  img.hidden = false
  timings.preview = performance.now()
  await Promise.race([painted ?? nextFrame(), new Promise((resolve) => setTimeout(resolve, 3000))])
  document.body.dataset.preview = 'true' // read by the tests
  return { voxel: response.headers.get('X-Voxel').split(' ').map(Number), window: response.headers.get('X-Window').split(' ').map(Number) }
}

document.getElementById('where').textContent = 'a first picture; the viewer is loading'
window.firstPicture = showPicture().catch((e) => {
  console.warn('no first picture: ' + e.message)
  return null
})
