// The sample page of `satds view`: the image and its class overlays in NiiVue (multiplanar and 3D), a toggle per
// class and an opacity per overlay, window/level, and the crosshair's world coordinate with the class under it. The server
// writes what to show as JSON into #config; every URL in it is the server's own.
import { Niivue, SHOW_RENDER } from '@niivue/niivue'

const config = JSON.parse(document.getElementById('config').textContent)
const params = new URLSearchParams(location.search)
const hidden = new Set(params.getAll('hide')) // classes shown off from the start (the page's own links, the tests)

function rgb(hex) {
  return [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16))
}

// One overlay's label table: value v in the colour of its class, hidden when the class is off. (NiiVue draws a label
// either fully or not at all and scales it by its volume's opacity: opacity is one per overlay, not per class.)
function labelTable(overlay) {
  const t = { R: [0], G: [0], B: [0], A: [0], I: [0], labels: [''] }
  for (const c of overlay.classes) {
    const [r, g, b] = rgb(c.colour)
    t.R.push(r); t.G.push(g); t.B.push(b); t.I.push(c.value); t.labels.push(c.name)
    t.A.push(c.on ? 255 : 0)
  }
  return t
}

async function main() {
  const nv = new Niivue({
    isRadiologicalConvention: true, // the patient's right on the screen's left, as the montages
    multiplanarShowRender: SHOW_RENDER.NEVER, // render3D decides once the image is in
    show3Dcrosshair: true,
    crosshairColor: [1, 1, 0, 1],
    isNearestInterpolation: true,
    dragAndDropEnabled: false,
    logLevel: 'error',
    loadingText: 'loading ' + config.title
  })
  await nv.attachTo('gl')
  for (const o of config.overlays) for (const c of o.classes) c.on = !hidden.has(c.name)
  // each volume read whole here (NiiVue's own streaming reads cancel finished downloads, which the browser logs as
  // failed loads), all at once, then added in order: the image first, the overlays over it
  const buffers = await Promise.all([config.image, ...config.overlays.map((o) => o.url)].map(async (url) => {
    const response = await fetch(url)
    if (!response.ok) throw new Error(url + ': ' + response.status + ' ' + (await response.text()))
    return response.arrayBuffer()
  }))
  for (const [i, buffer] of buffers.entries()) await nv.loadFromArrayBuffer(buffer, i === 0 ? 'image.nii' : 'overlay' + i + '.nii')
  render3D(nv)
  const overlays = config.overlays.map((o, i) => ({ ...o, volume: nv.volumes[i + 1] }))
  for (const o of overlays) o.volume.opacity = o.outline ? 1 : 0.5
  const repaint = () => {
    for (const o of overlays) o.volume.setColormapLabel(labelTable(o))
    nv.updateGLVolume()
  }
  repaint()
  classList(overlays, repaint)
  windowLevel(nv)
  const where = document.getElementById('where')
  nv.onLocationChange = (data) => {
    const names = []
    data.values.slice(1).forEach((v, i) => {
      const c = overlays[i].classes.find((c) => c.value === Math.round(v.value))
      if (c) names.push(c.name)
    })
    where.textContent = 'x ' + data.mm[0].toFixed(1) + '  y ' + data.mm[1].toFixed(1) + '  z ' + data.mm[2].toFixed(1) +
      ' mm (RAS)  ' + (names.length ? names.join(', ') : 'no class')
  }
  nv.createOnLocationChange()
  document.body.dataset.ready = 'true' // read by the tests
  window.viewer = { nv, overlays, repaint }
}

// The 3D render, on by default for images up to 16M voxels: larger ones are shown in 2D first, as a render of a
// whole CT takes seconds where WebGL runs on the CPU (?3d=1 or the box turns it on).
function render3D(nv) {
  const box = document.getElementById('render3d')
  const dims = nv.volumes[0].dims
  box.checked = params.get('3d') === '1' || (params.get('3d') !== '0' && dims[1] * dims[2] * dims[3] <= 16 * 1024 * 1024)
  const apply = () => {
    nv.opts.multiplanarShowRender = box.checked ? SHOW_RENDER.ALWAYS : SHOW_RENDER.NEVER
    nv.drawScene()
  }
  box.onchange = apply
  apply()
}

function classList(overlays, repaint) {
  const list = document.getElementById('classes')
  for (const [i, o] of overlays.entries()) {
    const row = document.createElement('label')
    const slider = Object.assign(document.createElement('input'), { type: 'range', min: 0, max: 1, step: 0.05, value: o.volume.opacity })
    slider.dataset.opacity = i
    slider.oninput = () => { o.volume.opacity = Number(slider.value); repaint() }
    row.append((o.outline ? 'outlines' : 'classes') + ' opacity ', slider)
    list.append(row)
  }
  for (const o of overlays) for (const c of o.classes) {
    const row = document.createElement('label')
    const box = Object.assign(document.createElement('input'), { type: 'checkbox', checked: c.on })
    box.dataset.cls = c.name
    box.onchange = () => { c.on = box.checked; repaint() }
    const swatch = document.createElement('span')
    swatch.className = 'swatch'
    swatch.style.background = c.colour
    row.append(box, swatch, ' ' + c.name)
    list.append(row)
  }
}

function windowLevel(nv) {
  const image = nv.volumes[0]
  const low = document.getElementById('low'), high = document.getElementById('high')
  low.value = image.cal_min.toPrecision(4)
  high.value = image.cal_max.toPrecision(4)
  const apply = () => {
    image.cal_min = Number(low.value)
    image.cal_max = Number(high.value)
    nv.updateGLVolume()
  }
  low.onchange = apply
  high.onchange = apply
  nv.onIntensityChange = () => {
    low.value = image.cal_min.toPrecision(4)
    high.value = image.cal_max.toPrecision(4)
  }
}

main().catch((e) => {
  document.getElementById('where').textContent = 'cannot show this sample: ' + e
  console.error(e)
})
