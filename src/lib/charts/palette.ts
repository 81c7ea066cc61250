// Government Analysis Function colour palette for charts. Colour never carries meaning on
// its own: every series also has a label, a marker shape or a line style.
export const palette = {
	darkBlue: '#12436D',
	turquoise: '#28A197',
	darkPink: '#801650',
	orange: '#F46A25',
	darkGrey: '#3D3D3D',
	lightPurple: '#A285D1'
} as const;
