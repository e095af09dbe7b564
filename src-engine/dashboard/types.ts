// The views' parameter and result types live in core (core/api/ declares the API with them); kept here so
// dashboard modules and existing imports read them from their old place.
export * from '../core/views/types.js';
