// The sample page of `satds view`: the image and its classes in NiiVue (multiplanar and 3D), a toggle and an
// opacity per class, window/level, and the crosshair's world coordinate with the class under it. The server writes
// what to show as JSON into #config (every URL in it is the server's own): the image, one label volume holding every
// class (value -> class), and the classes with their colours and opacities.
import { Niivue, NVImage, SHOW_RENDER, cmapper } from '@niivue/niivue'

const config = JSON.parse(document.getElementById('config').textContent)
const params = new URLSearchParams(location.search)
const hidden = new Set(params.getAll('hide')) // classes shown off from the start (the page's own links, the tests)
// ms since the page was asked for (first.js's marks, then): script run, WebGL ready, volumes fetched, parsed, first drawn
const timings = Object.assign(window.pageTimings ?? {}, { script: performance.now() })

function rgb(hex) {
  return [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16))
}

// The classes' colours and opacities as NiiVue's drawing colour table: value -> colour, alpha the class's opacity (0
// when it is off). The label volume is shown as NiiVue's drawing, a bitmap on the image's grid that its slice shader
// blends by each value's own alpha; its overlays would not do: their label colours are drawn fully or not at all
// (the atlas shader sets every shown label's alpha to 1, then scales it by one opacity per volume), and each overlay
// is resampled onto the image's grid by a pass over every voxel, seconds for a CT where WebGL runs on the CPU.
function drawTable(classes) {
  const t = { R: [0], G: [0], B: [0], A: [0], I: [0], labels: [''] }
  for (const c of classes) {
    const [r, g, b] = rgb(c.colour)
    t.R.push(r); t.G.push(g); t.B.push(b); t.I.push(c.value); t.labels.push(c.name)
    t.A.push(c.on ? Math.round(255 * c.opacity) : 0)
  }
  return t
}

// NiiVue computes the 3D render's gradients (a blur and a Sobel pass over every voxel, each into a texture of the
// image's size) each time the image reaches the GPU, whether the render is shown or not: most of a CT's first draw
// where WebGL runs on the CPU. While the render is off, those passes get programs that draw nothing (their quad lies
// outside the view) and textures one texel wide and high (NiiVue picks the texture units 6 and 8 for them: only
// RGBA images of a kind never shown here share unit 8); the real ones come back, and the gradients are computed,
// when the render is turned on.
function gradients(nv) {
  const gl = nv.gl
  const names = ['blurShader', 'gradientPrePassShader', 'sobelFirstOrderShader', 'sobelSecondOrderShader']
  const real = Object.fromEntries(names.map((n) => [n, nv[n]]))
  const program = gl.createProgram()
  for (const [type, source] of [[gl.VERTEX_SHADER, 'void main() { gl_Position = vec4(2.0, 2.0, 2.0, 1.0); }'],
    [gl.FRAGMENT_SHADER, 'precision lowp float;\nout vec4 color;\nvoid main() { color = vec4(0.0); }']]) {
    const shader = gl.createShader(type)
    gl.shaderSource(shader, '#version 300 es\n' + source)
    gl.compileShader(shader)
    gl.attachShader(program, shader)
  }
  gl.linkProgram(program)
  const none = { program, uniforms: {}, use: (gl) => gl.useProgram(program) }
  const rgbaTex = nv.rgbaTex
  const narrow = function (texture, unit, dims, isInit) {
    const gradient = unit === gl.TEXTURE6 || unit === gl.TEXTURE8
    return rgbaTex.call(this, texture, unit, gradient ? [dims[0], 1, 1, dims[3]] : dims, isInit)
  }
  return (on) => Object.assign(nv, on ? { ...real, rgbaTex } : { ...Object.fromEntries(names.map((n) => [n, none])), rgbaTex: narrow })
}

async function fetchVolume(url) {
  const response = await fetch(url)
  if (!response.ok) throw new Error(url + ': ' + response.status + ' ' + (await response.text()))
  return response.arrayBuffer()
}

function nextFrame() {
  return new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)))
}

async function main() {
  const where = document.getElementById('where')
  const preview = await (window.firstPicture ?? null) // first.js: the picture on screen, its voxel and window (or null)
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
  nv.drawOpacity = 1 // each class's own opacity is its alpha in the drawing's colour table
  // each volume fetched whole (NiiVue's own streaming reads cancel finished downloads, which the browser logs as failed
  // loads), all at once and while WebGL starts
  const fetched = Promise.all([config.image, ...(config.labels ? [config.labels] : [])].map(fetchVolume))
  await nv.attachTo('gl')
  timings.attached = performance.now()
  const classes = config.classes.map((c) => ({ ...c, on: !hidden.has(c.name) }))
  const buffers = await fetched
  timings.fetched = performance.now()
  const [image, labels] = await Promise.all(buffers.map((buffer, i) => NVImage.loadFromUrl({ url: i ? 'labels.nii' : 'image.nii', buffer })))
  timings.parsed = performance.now()
  const gradient = gradients(nv)
  const box = render3D(nv, image, gradient)
  gradient(box.checked)
  if (preview) [image.cal_min, image.cal_max] = preview.window
  nv.addVolume(image)
  if (preview) nv.scene.crosshairPos = nv.vox2frac(preview.voxel)
  if (labels) {
    if (labels.img.constructor !== Uint8Array || !nv.loadDrawing(labels)) throw new Error('the classes are not 8-bit labels on the image\'s grid')
    repaint(nv, classes)
  }
  nv.drawScene()
  await nextFrame()
  timings.drawn = performance.now()
  document.getElementById('preview').remove()
  box.onchange()
  classList(nv, classes)
  windowLevel(nv)
  where.textContent = ''
  nv.onLocationChange = (data) => {
    const c = labels && classes.find((c) => c.value === labels.getValue(...labels.mm2vox(data.mm)))
    where.textContent = 'x ' + data.mm[0].toFixed(1) + '  y ' + data.mm[1].toFixed(1) + '  z ' + data.mm[2].toFixed(1) +
      ' mm (RAS)  ' + (c ? c.name : 'no class')
  }
  nv.createOnLocationChange()
  document.body.dataset.ready = 'true' // read by the tests
  window.viewer = { nv, image, labels, classes, timings }
}

// The classes as they are set: a new colour table for the drawing, nothing uploaded again.
function repaint(nv, classes) {
  nv.drawLut = cmapper.makeDrawLut(drawTable(classes))
  nv.refreshColormaps()
  nv.drawScene()
}

// The 3D render, on from the start for images up to 16M voxels: larger ones are shown in 2D first, as a render of a
// whole CT takes seconds where WebGL runs on the CPU (?3d=1 or the box turns it on). Turned on, the image's gradients
// are computed (see gradients).
function render3D(nv, image, gradient) {
  const box = document.getElementById('render3d')
  const dims = image.hdr.dims
  box.checked = params.get('3d') === '1' || (params.get('3d') !== '0' && dims[1] * dims[2] * dims[3] <= 16 * 1024 * 1024)
  let computed = box.checked
  box.onchange = () => {
    if (box.checked && !computed) {
      gradient(true)
      nv.updateGLVolume()
      computed = true
    }
    nv.opts.multiplanarShowRender = box.checked ? SHOW_RENDER.ALWAYS : SHOW_RENDER.NEVER
    nv.drawScene()
  }
  return box
}

function classList(nv, classes) {
  const list = document.getElementById('classes')
  for (const c of classes) {
    const row = document.createElement('div')
    row.className = 'cls'
    const box = Object.assign(document.createElement('input'), { type: 'checkbox', checked: c.on, title: 'show ' + c.name })
    box.dataset.cls = c.name
    box.onchange = () => { c.on = box.checked; repaint(nv, classes) }
    const swatch = document.createElement('span')
    swatch.className = 'swatch'
    swatch.style.background = c.colour
    const slider = Object.assign(document.createElement('input'), { type: 'range', min: 0, max: 1, step: 0.05, value: c.opacity, title: c.name + ' opacity' })
    slider.dataset.opacity = c.name
    slider.oninput = () => { c.opacity = Number(slider.value); repaint(nv, classes) }
    const name = Object.assign(document.createElement('label'), { textContent: ' ' + c.name })
    name.prepend(box, swatch)
    row.append(name, slider)
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
