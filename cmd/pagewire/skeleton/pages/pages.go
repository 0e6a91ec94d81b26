// Package pages holds the app's pages, one file each, registered in init().
package pages
